package io.hookpoint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A stand-in for an SMS provider: a real HTTP server on localhost that records every call and answers
 * as the test tells it to (per message id and attempt number: a status, or a delay first).
 */
public final class StubProvider implements AutoCloseable {
    /** How to answer the n-th call (1-based) for a message. */
    @FunctionalInterface
    public interface Behaviour {
        /**
         * The answer.
         *
         * @param messageId the message
         * @param attempt   1 for the first call with this id
         * @return the answer
         */
        Answer answer(String messageId, int attempt);
    }

    /**
     * An answer of the stub.
     *
     * @param status      HTTP status
     * @param delayMillis time to wait before answering
     */
    public record Answer(int status, long delayMillis) {
        /** Answers at once. */
        public static Answer of(int status) {
            return new Answer(status, 0);
        }
    }

    /**
     * One call the stub received.
     *
     * @param messageId     the message id in the body
     * @param atMillis      when it arrived (System.currentTimeMillis)
     * @param body          the JSON body
     * @param idempotency   the Idempotency-Key header
     * @param authorization the Authorization header, or null
     */
    public record Call(String messageId, long atMillis, JsonObject body, String idempotency, String authorization) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile Behaviour behaviour = (id, attempt) -> Answer.of(200);

    /** Starts the stub on a free port. */
    public StubProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sms", this::handle);
        server.start();
    }

    /** Sets how the stub answers. */
    public StubProvider behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The URL to configure as the provider. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    }

    /**
     * The environment of a Hookpoint process that delivers to this stub: the http gateway with short
     * timeouts, a 3 s lease, quick polling.
     *
     * @param concurrency messages in provider calls at once
     * @return environment variables
     */
    public Map<String, String> gatewayEnv(int concurrency) {
        return Map.of(
                "HOOKPOINT_GATEWAY_TYPE", "http",
                "HOOKPOINT_GATEWAY_URL", url().toString(),
                "HOOKPOINT_GATEWAY_CONNECT_TIMEOUT", "PT0.5S",
                "HOOKPOINT_GATEWAY_READ_TIMEOUT", "PT1S",
                "HOOKPOINT_DELIVERY_LEASE", "PT3S",
                "HOOKPOINT_DELIVERY_CONCURRENCY", String.valueOf(concurrency),
                "HOOKPOINT_DELIVERY_POLL", "PT0.1S");
    }

    /**
     * Waits until at least {@code n} calls arrived, for up to 20 s.
     *
     * @param n calls
     * @throws InterruptedException when interrupted
     */
    public void awaitCalls(int n) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (calls.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Every call so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls for one message. */
    public List<Call> callsFor(String messageId) {
        return calls.stream().filter(call -> call.messageId().equals(messageId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonObject body = Json.createReader(new StringReader(text)).readObject();
            String id = body.getString("message_id");
            calls.add(new Call(id, System.currentTimeMillis(), body,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Answer answer = behaviour.answer(id, attempt);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] reply = ("{\"status\":" + answer.status() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), reply.length);
            exchange.getResponseBody().write(reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (timed out): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
