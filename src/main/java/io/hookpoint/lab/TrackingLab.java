package io.hookpoint.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.tls.DevelopmentCertificate;
import io.hookpoint.web.JsonBodies;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Bloomreach's Tracking API for the lab: {@code POST /track/v2/projects/{token}/batch} over TLS with Basic
 * credentials (401 otherwise), at most 50 commands (400 otherwise), one result per command in Bloomreach's
 * shape. Records every {@code customers/events} event it accepts: its message, status and arrival time.
 */
final class TrackingLab implements AutoCloseable {
    static {
        LabTls.keepIdleConnections();
    }

    static final String PROJECT = "5f4dcc3b-aaaa-4bbb-8ccc-1234567890ab";
    static final String KEY_ID = "lab-key";
    static final String SECRET = "lab-bloomreach-secret";

    /** One event as received. */
    record Event(String messageId, String status, String customerId, String errorCode, long atMillis, long arrivedMillis) {
    }

    private final HttpsServer server;
    private final DevelopmentCertificate.PemFiles pem;
    private final Timeline timeline;
    private final Map<String, List<Event>> byMessage = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong consents = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final String expected = "Basic " + Base64.getEncoder()
            .encodeToString((KEY_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

    TrackingLab(Timeline timeline, Path directory) throws IOException {
        this.timeline = timeline;
        this.pem = LabTls.certificate(directory);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setHttpsConfigurator(new HttpsConfigurator(LabTls.server(pem)));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    Path certificate() {
        return pem.certificate();
    }

    /** The events of each message, in order of arrival. */
    Map<String, List<Event>> events() {
        Map<String, List<Event>> copy = new java.util.HashMap<>();
        byMessage.forEach((id, list) -> {
            synchronized (list) {
                copy.put(id, List.copyOf(list));
            }
        });
        return copy;
    }

    long eventCount() {
        return events.get();
    }

    long consentCount() {
        return consents.get();
    }

    long calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            calls.incrementAndGet();
            if (!exchange.getRequestURI().getPath().equals("/track/v2/projects/" + PROJECT + "/batch")
                    || !"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, "{\"success\":false,\"errors\":[\"not found\"]}");
                return;
            }
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"success\":false,\"errors\":[\"access key invalid\"]}");
                return;
            }
            List<JsonObject> commands;
            try (JsonReader reader = JsonBodies.JSON.createReader(new StringReader(body))) {
                commands = reader.readObject().getJsonArray("commands").getValuesAs(JsonObject.class);
            } catch (RuntimeException e) {
                answer(exchange, 400, "{\"success\":false,\"errors\":[\"malformed body\"]}");
                return;
            }
            if (commands.size() > 50) {
                answer(exchange, 400, "{\"success\":false,\"errors\":[\"too many commands\"]}");
                return;
            }
            long now = System.currentTimeMillis();
            JsonArrayBuilder results = JsonBodies.JSON.createArrayBuilder();
            for (JsonObject command : commands) {
                record(command, now);
                results.add(JsonBodies.JSON.createObjectBuilder().add("success", true).add("time", now / 1000.0));
            }
            answer(exchange, 200, JsonBodies.JSON.createObjectBuilder().add("success", true).add("start_time", now / 1000.0)
                    .add("end_time", now / 1000.0).add("results", results).build().toString());
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private void record(JsonObject command, long now) {
        JsonObject data = command.getJsonObject("data");
        JsonObject properties = data == null ? null : data.getJsonObject("properties");
        if (properties == null || !properties.containsKey("message_id")) {
            consents.incrementAndGet();
            return;
        }
        String customer = data.getJsonObject("customer_ids") == null ? null
                : data.getJsonObject("customer_ids").values().stream().findFirst().map(TrackingLab::text).orElse(null);
        // the event's own time orders a customer's events at Bloomreach, not its arrival
        long at = data.get("timestamp") instanceof jakarta.json.JsonNumber time
                ? time.bigDecimalValue().movePointRight(3).longValue() : now;
        Event event = new Event(properties.getString("message_id"), properties.getString("status", ""), customer,
                properties.containsKey("error_code") ? text(properties.get("error_code")) : null, at, now);
        List<Event> list = byMessage.computeIfAbsent(event.messageId(), k -> new ArrayList<>());
        synchronized (list) {
            list.add(event);
        }
        events.incrementAndGet();
        timeline.count(Timeline.Hop.EVENTS, 1);
    }

    private static String text(JsonValue value) {
        return value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
