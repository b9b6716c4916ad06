package io.hookpoint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A stand-in for an SMS provider: a real HTTP server on localhost that records every call and answers
 * as the test tells it to (per message id and attempt number: a status, response headers, or a delay first).
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
     * @param headers     response headers besides Content-Type
     */
    public record Answer(int status, long delayMillis, Map<String, String> headers) {
        /** An answer without extra headers. */
        public Answer(int status, long delayMillis) {
            this(status, delayMillis, Map.of());
        }

        /** Answers at once. */
        public static Answer of(int status) {
            return new Answer(status, 0);
        }

        /** This answer with one more response header. */
        public Answer withHeader(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, delayMillis, Map.copyOf(more));
        }
    }

    /**
     * One call the stub received.
     *
     * @param messageId     the message id in the body
     * @param atMillis      when it arrived (System.currentTimeMillis)
     * @param atNanos       when it arrived (System.nanoTime)
     * @param endMillis     when the answer was written (System.currentTimeMillis), 0 until then
     * @param status        the status answered
     * @param body          the JSON body
     * @param idempotency   the Idempotency-Key header
     * @param authorization the Authorization header, or null
     */
    public record Call(String messageId, long atMillis, long atNanos, long endMillis, int status, JsonObject body,
                       String idempotency, String authorization) {
        private Call answered(long millis) {
            return new Call(messageId, atMillis, atNanos, millis, status, body, idempotency, authorization);
        }
    }

    private final HttpServer server;
    /** Guarded by itself: each call is added on arrival and replaced by its answered copy at the same index. */
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile Behaviour behaviour = (id, attempt) -> Answer.of(200);

    /** Starts the stub on a free port, for up to 100 waiting connections. */
    public StubProvider() throws IOException {
        this(100);
    }

    /**
     * Starts the stub on a free port for many connections at once: a backlog of {@code connections}, and
     * as many idle connections kept alive (the JDK server keeps only 200 by default and reads the setting
     * when it is first used in the JVM).
     *
     * @param connections connections the client keeps open at once
     * @throws IOException when the server cannot start
     */
    public StubProvider(int connections) throws IOException {
        if (connections > 200) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", String.valueOf(connections));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), connections);
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
        while (count() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private int count() {
        synchronized (calls) {
            return calls.size();
        }
    }

    /** Every call so far, in the order they arrived. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls for one message. */
    public List<Call> callsFor(String messageId) {
        return calls().stream().filter(call -> call.messageId().equals(messageId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long atMillis = System.currentTimeMillis();
        long atNanos = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonObject body = Json.createReader(new StringReader(text)).readObject();
            String id = body.getString("message_id");
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Answer answer = behaviour.answer(id, attempt);
            Call call = new Call(id, atMillis, atNanos, 0, answer.status(), body,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            int index;
            synchronized (calls) {
                index = calls.size();
                calls.add(call);
            }
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] reply = ("{\"status\":" + answer.status() + "}").getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), reply.length);
            exchange.getResponseBody().write(reply);
            synchronized (calls) {
                calls.set(index, call.answered(System.currentTimeMillis()));
            }
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
