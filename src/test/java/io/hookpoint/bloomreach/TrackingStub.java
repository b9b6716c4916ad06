package io.hookpoint.bloomreach;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.hookpoint.testing.WebhookEndpointStub;
import io.hookpoint.tls.DevelopmentCertificate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Bloomreach's Tracking API batch endpoint on localhost over real TLS: checks the path and the Basic
 * credentials (401 otherwise), refuses more than 50 commands (400), records every call, and answers as
 * the test says (by default every command succeeds, in Bloomreach's shape).
 */
final class TrackingStub implements AutoCloseable {
    static final String PROJECT = "0f9a8b7c-1d2e-3f40-5a6b-7c8d9e0f1a2b";
    static final String KEY_ID = "hookpoint-key";
    static final String SECRET = "bloomreach-secret-for-tests";

    /** One call: its commands, and the HTTP status it was answered with. */
    record Call(String authorization, List<JsonObject> commands, int status) {
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

    private final HttpsServer server;
    private final Path certificate;
    private final List<Call> calls = new ArrayList<>();
    private volatile Function<List<JsonObject>, Answer> behaviour = Answer::allSucceeded;

    TrackingStub() throws Exception {
        Path directory = Files.createTempDirectory("tracking-stub");
        DevelopmentCertificate.PemFiles pem = DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(directory.resolve("cert.pem"), directory.resolve("key.pem")),
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
        this.certificate = pem.certificate();
        SSLContext tls = WebhookEndpointStub.serverContext(pem);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    TrackingStub behave(Function<List<JsonObject>, Answer> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
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
            } else {
                try (JsonReader reader = Json.createReader(new StringReader(body))) {
                    commands = reader.readObject().getJsonArray("commands").getValuesAs(JsonObject.class);
                }
                answer = commands.size() > 50
                        ? new Answer(400, "{\"success\":false,\"errors\":[\"too many commands\"]}", Map.of())
                        : behaviour.apply(commands);
            }
            synchronized (calls) {
                calls.add(new Call(authorization, commands, answer.status()));
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

    @Override
    public void close() {
        server.stop(0);
    }
}
