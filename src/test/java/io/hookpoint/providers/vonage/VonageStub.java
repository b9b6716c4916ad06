package io.hookpoint.providers.vonage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.hookpoint.testing.LocalHttpsServer;

import com.sun.net.httpserver.HttpExchange;

/**
 * Vonage's SMS API ({@code POST /sms/json}) on localhost over real TLS: records each call (path, content type,
 * the decoded form) and answers with Vonage's documented bodies as the test says, per message (our id, read from
 * {@code client-ref}) and attempt.
 */
final class VonageStub implements AutoCloseable {
    static final String KEY = "abcd1234";
    static final String SECRET = "vonage-api-secret-for-tests";

    /** An answer: HTTP status, JSON body, extra headers, and a delay before it. */
    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        /** Taken in {@code parts} parts, each {@code 0.03330000}. */
        static Answer accepted(String messageId, int parts) {
            String messages = IntStream.range(0, parts).mapToObj(i -> """
                    {"to":"420777123456","message-id":"%s","status":"0","remaining-balance":"15.53590000",\
                    "message-price":"0.03330000","network":"23002","client-ref":"%s"}"""
                    .formatted(vonageId(messageId, i), messageId)).collect(Collectors.joining(","));
            return new Answer(200, "{\"message-count\":\"" + parts + "\",\"messages\":[" + messages + "]}",
                    Map.of(), 0);
        }

        /** Refused with a non-zero status (still HTTP 200, as Vonage answers). */
        static Answer refused(String status, String errorText) {
            return new Answer(200, """
                    {"message-count":"1","messages":[{"status":"%s","error-text":"%s"}]}"""
                    .formatted(status, errorText), Map.of(), 0);
        }

        static Answer http(int status, String body) {
            return new Answer(status, body, Map.of(), 0);
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
    record Call(String method, String path, String contentType, Map<String, String> form, String messageId,
                long startNanos, long endNanos) {
    }

    /** How to answer the n-th call (1-based) for a message. */
    interface Behaviour {
        Answer answer(String messageId, int attempt);
    }

    private final LocalHttpsServer server;
    private final Path certificate;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile Behaviour behaviour = (id, attempt) -> Answer.accepted(id, 1);

    VonageStub() throws Exception {
        server = LocalHttpsServer.start("vonage-stub", Map.<String, com.sun.net.httpserver.HttpHandler>of("/", this::handle));
        this.certificate = server.certificate();
    }

    /** Vonage's id of part {@code i} of a message (16 hex digits, as Vonage's). */
    static String vonageId(String messageId, int part) {
        return (messageId.replace("-", "").substring(0, 15) + part).toUpperCase(java.util.Locale.ROOT);
    }

    VonageStub behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The base URL to configure as {@code HOOKPOINT_VONAGE_URL}. */
    URI url() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    /** The certificate to trust ({@code HOOKPOINT_VONAGE_TRUST}). */
    Path certificate() {
        return certificate;
    }

    List<Call> callsFor(String messageId) {
        synchronized (calls) {
            return calls.stream().filter(c -> messageId.equals(c.messageId())).toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Map<String, String> form = decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String id = form.getOrDefault("client-ref", "");
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Answer answer = behaviour.answer(id, attempt);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            long end = System.nanoTime();
            synchronized (calls) {
                calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), form, id, start, end));
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> decoded = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                decoded.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return decoded;
    }

    @Override
    public void close() {
        server.close();
    }
}
