package io.hookpoint.bloomreach;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.hookpoint.testing.LocalHttpsServer;

import com.sun.net.httpserver.HttpExchange;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Bloomreach's Tracking API batch endpoint on localhost over real TLS: checks the path and the Basic
 * credentials (401 otherwise), a JSON body with at most 50 commands (400 otherwise), records every call,
 * and answers as the test says (by default every command succeeds, in Bloomreach's shape). A command that
 * is not a well-formed {@code customers/events} (an object {@code customer_ids} of texts, a text
 * {@code event_type}, a number {@code timestamp} in seconds, an object {@code properties}) is answered
 * {@code success: false}, whatever the test says, as Bloomreach would.
 */
final class TrackingStub implements AutoCloseable {
    static final String PROJECT = "0f9a8b7c-1d2e-3f40-5a6b-7c8d9e0f1a2b";
    static final String KEY_ID = "hookpoint-key";
    static final String SECRET = "bloomreach-secret-for-tests";

    /** One call: its commands, the HTTP status it was answered with, and when it came. */
    record Call(String authorization, List<JsonObject> commands, int status, long atNanos) {
    }

    /** An answer: status, body, extra headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        /** Every command succeeded. */
        static Answer allSucceeded(List<JsonObject> commands) {
            return results(commands, c -> true);
        }

        /** Each command's result as the predicate says; a failed one carries Bloomreach's errors. */
        static Answer results(List<JsonObject> commands, java.util.function.Predicate<JsonObject> succeeds) {
            JsonArrayBuilder results = Json.createArrayBuilder();
            for (JsonObject command : commands) {
                results.add(succeeds.test(command) ? Json.createObjectBuilder().add("success", true).add("time", 1.0)
                        : Json.createObjectBuilder().add("success", false)
                                .add("errors", Json.createArrayBuilder().add("customer_ids: invalid value")));
            }
            return new Answer(200, Json.createObjectBuilder().add("success", true).add("start_time", 1.0)
                    .add("end_time", 1.1).add("results", results).build().toString(), Map.of());
        }
    }

    private final LocalHttpsServer server;
    private final Path certificate;
    private final List<Call> calls = new ArrayList<>();
    private volatile Function<List<JsonObject>, Answer> behaviour = Answer::allSucceeded;

    TrackingStub() throws Exception {
        server = LocalHttpsServer.start("tracking-stub", Map.<String, com.sun.net.httpserver.HttpHandler>of("/", this::handle));
        this.certificate = server.certificate();
    }

    TrackingStub behave(Function<List<JsonObject>, Answer> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    Path certificate() {
        return certificate;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The event data of every command answered 200, in order of arrival. */
    List<JsonObject> acceptedEvents() {
        return calls().stream().filter(c -> c.status() == 200)
                .flatMap(c -> c.commands().stream()).map(c -> c.getJsonObject("data")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer;
            List<JsonObject> commands = List.of();
            String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (KEY_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            if (!exchange.getRequestURI().getPath().equals("/track/v2/projects/" + PROJECT + "/batch")
                    || !"POST".equals(exchange.getRequestMethod())) {
                answer = new Answer(404, "{\"success\":false,\"errors\":[\"not found\"]}", Map.of());
            } else if (!expected.equals(authorization)) {
                answer = new Answer(401, "{\"success\":false,\"errors\":[\"access key invalid\"]}", Map.of());
            } else if (!String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
                answer = new Answer(400, "{\"success\":false,\"errors\":[\"not JSON\"]}", Map.of());
            } else {
                try (JsonReader reader = Json.createReader(new StringReader(body))) {
                    commands = reader.readObject().getJsonArray("commands").getValuesAs(JsonObject.class);
                }
                answer = commands.size() > 50
                        ? new Answer(400, "{\"success\":false,\"errors\":[\"too many commands\"]}", Map.of())
                        : behaviour.apply(commands);
                if (answer.status() == 200) {
                    answer = wellFormedOnly(commands, answer);
                }
            }
            synchronized (calls) {
                calls.add(new Call(authorization, commands, answer.status(), System.nanoTime()));
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException | RuntimeException e) {
            // a body we cannot read, or the client went away
        }
    }

    // Bloomreach answers a malformed command with success: false, whatever else the batch holds
    private static Answer wellFormedOnly(List<JsonObject> commands, Answer answer) {
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
            body = reader.readObject();
        }
        JsonArrayBuilder results = Json.createArrayBuilder();
        List<JsonObject> given = body.getJsonArray("results").getValuesAs(JsonObject.class);
        for (int i = 0; i < commands.size(); i++) {
            results.add(wellFormed(commands.get(i)) ? Json.createObjectBuilder(given.get(i))
                    : Json.createObjectBuilder().add("success", false)
                            .add("errors", Json.createArrayBuilder().add("malformed command")));
        }
        return new Answer(200, Json.createObjectBuilder(body).add("results", results).build().toString(),
                answer.headers());
    }

    static boolean wellFormed(JsonObject command) {
        if (!"customers/events".equals(command.getString("name", null)) || !(command.get("data") instanceof JsonObject data)) {
            return false;
        }
        return data.get("customer_ids") instanceof JsonObject ids && !ids.isEmpty()
                && ids.values().stream().allMatch(v -> v.getValueType() == jakarta.json.JsonValue.ValueType.STRING)
                && data.get("event_type") instanceof jakarta.json.JsonString
                && data.get("timestamp") instanceof jakarta.json.JsonNumber time
                && time.doubleValue() > 1.5e9 && time.doubleValue() < 4e9
                && data.get("properties") instanceof JsonObject;
    }

    @Override
    public void close() {
        server.close();
    }
}
