package io.hookpoint.providers.twilio;

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

import io.hookpoint.testing.LocalHttpsServer;

import com.sun.net.httpserver.HttpExchange;

/**
 * Twilio's Messages API on localhost over real TLS (a certificate made for the test): records each call
 * (path, Authorization, the decoded form) and answers with Twilio's documented bodies as the test says,
 * per message (our id, read from the StatusCallback URL) and attempt.
 */
final class TwilioStub implements AutoCloseable {
    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "twilio-auth-token-for-tests";

    /** An answer: status, JSON body, extra headers, and a delay before it. */
    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        static Answer created(String messageId) {
            return new Answer(201, """
                    {"sid":"SM%s","status":"queued","num_segments":"2","price":"-0.00750","price_unit":"USD",\
                    "error_code":null,"error_message":null}""".formatted(messageId.replace("-", "")), Map.of(), 0);
        }

        static Answer error(int status, int code, String message) {
            return new Answer(status, """
                    {"code":%d,"message":"%s","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}"""
                    .formatted(code, message, code, status), Map.of(), 0);
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
    record Call(String path, String authorization, String contentType, Map<String, String> form, String messageId,
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
    private volatile Behaviour behaviour = (id, attempt) -> Answer.created(id);

    TwilioStub() throws Exception {
        server = LocalHttpsServer.start("twilio-stub", Map.<String, com.sun.net.httpserver.HttpHandler>of("/", this::handle));
        this.certificate = server.certificate();
    }

    TwilioStub behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The base URL to configure as {@code HOOKPOINT_TWILIO_URL}. */
    URI url() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    /** The certificate to trust ({@code HOOKPOINT_TWILIO_TRUST}). */
    Path certificate() {
        return certificate;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> callsFor(String messageId) {
        return calls().stream().filter(c -> messageId.equals(c.messageId())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Map<String, String> form = decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String callback = form.getOrDefault("StatusCallback", "");
            String id = callback.contains("message_id=") ? callback.substring(callback.indexOf("message_id=") + 11)
                    : form.get("Body");
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
                calls.add(new Call(exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
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
