package io.hookpoint.providers.infobip;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.hookpoint.testing.LocalHttpsServer;
import io.hookpoint.web.JsonBodies;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonObject;

/**
 * Infobip's SMS API on localhost over real TLS (a certificate made for the test): records each call (path,
 * Authorization, the JSON body) and answers with Infobip's documented bodies as the test says, per message
 * (our id, read from the destination's messageId) and attempt.
 */
final class InfobipStub implements AutoCloseable {
    static final String API_KEY = "infobip-api-key-for-tests";

    /** An answer: status, JSON body, extra headers, and a delay before it. */
    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        /** 200 with the message PENDING_ACCEPTED (group 1), as the fully featured send answers. */
        static Answer accepted(String messageId) {
            return new Answer(200, """
                    {"bulkId":"2034072219640523072","messages":[{"messageId":"%s","status":{"groupId":1,\
                    "groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED","description":"Message sent to next \
                    instance"},"to":"420777123456","smsCount":2}]}""".formatted(messageId), Map.of(), 0);
        }

        /** 200, but the message's status in group 5 REJECTED. */
        static Answer rejectedInBody(String messageId, int id, String name, String description) {
            return new Answer(200, """
                    {"messages":[{"messageId":"%s","status":{"groupId":5,"groupName":"REJECTED","id":%d,\
                    "name":"%s","description":"%s"},"to":"420777123456"}]}"""
                    .formatted(messageId, id, name, description), Map.of(), 0);
        }

        /** An error answer: {@code requestError.serviceException}. */
        static Answer error(int status, String code, String text) {
            return new Answer(status, """
                    {"requestError":{"serviceException":{"messageId":"%s","text":"%s"}}}"""
                    .formatted(code, text), Map.of(), 0);
        }

        Answer after(long millis) {
            return new Answer(status, body, headers, millis);
        }

        Answer header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, more, delayMillis);
        }
    }

    /** One call: what came and when it was answered. */
    record Call(String path, String authorization, String contentType, JsonObject body, String messageId,
                long startNanos, long endNanos) {
        /** The one message of the request. */
        JsonObject message() {
            return body.getJsonArray("messages").getJsonObject(0);
        }
    }

    /** How to answer the n-th call (1-based) for a message. */
    interface Behaviour {
        Answer answer(String messageId, int attempt);
    }

    private final LocalHttpsServer server;
    private final Path certificate;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final java.util.Set<String> arrived = ConcurrentHashMap.newKeySet();
    private volatile Behaviour behaviour = (id, attempt) -> Answer.accepted(id);

    InfobipStub() throws Exception {
        server = LocalHttpsServer.start("infobip-stub", Map.<String, com.sun.net.httpserver.HttpHandler>of("/", this::handle));
        this.certificate = server.certificate();
    }

    InfobipStub behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The base URL to configure as {@code HOOKPOINT_INFOBIP_URL}. */
    URI url() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    /** The certificate to trust ({@code HOOKPOINT_INFOBIP_TRUST}). */
    Path certificate() {
        return certificate;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Whether a call for the message has come in, answered or not. */
    boolean arrived(String messageId) {
        return arrived.contains(messageId);
    }

    /** The calls answered for a message. */
    List<Call> callsFor(String messageId) {
        return calls().stream().filter(c -> messageId.equals(c.messageId())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonObject body;
            String id;
            try {
                body = JsonBodies.parse(in.readAllBytes()).asJsonObject();
                id = body.getJsonArray("messages").getJsonObject(0).getJsonArray("destinations")
                        .getJsonObject(0).getString("messageId", "none");
            } catch (JsonBodies.MalformedJsonException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);   // not the documented request: the test fails on it
                return;
            }
            arrived.add(id);
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Answer answer = behaviour.answer(id, attempt);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            long end = System.nanoTime();
            synchronized (calls) {
                calls.add(new Call(exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, id, start, end));
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
