package io.hookpoint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import io.hookpoint.tls.DevelopmentCertificate;
import io.hookpoint.tls.SslContexts;
import io.hookpoint.web.JsonBodies;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonObject;

/**
 * Somebody else's webhook endpoint, for the simulator's tests: a real HTTPS server on localhost with
 * Basic auth, {@code POST /api/v1/sms} (per customer) and {@code /api/v1/auth/check}, that remembers
 * keys and answers duplicates with the first answer. Each {@link Flaw} makes it break one of
 * Bloomreach's requirements the way real endpoints do.
 */
public final class WebhookEndpointStub implements AutoCloseable {
    /** A way to be wrong. */
    public enum Flaw {
        /** Answers 400 to a customer whose data is unusable (which stops the whole campaign). */
        REJECTS_BAD_DATA_WITH_400,
        /** Takes 1.2 s for every answer. */
        SLOW,
        /** Does not check credentials at all. */
        NO_AUTHENTICATION,
        /** Answers 500 to every SMS request. */
        FAILS_WITH_500,
        /** Processes every duplicate again, under a new message id. */
        DOUBLE_PROCESSES_DUPLICATES
    }

    /** The user the stub accepts. */
    public static final String USER = "bloomreach";
    /** The password the stub accepts. */
    public static final String PASSWORD = "stub-password";

    private final LocalHttpsServer server;
    private final Set<Flaw> flaws;
    private final Path certificate;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger processed = new AtomicInteger();

    private WebhookEndpointStub(Set<Flaw> flaws) throws IOException {
        this.flaws = flaws;
        server = LocalHttpsServer.start("webhook-stub", Map.<String, com.sun.net.httpserver.HttpHandler>of("/api/v1/sms", this::sms, "/api/v1/auth/check", this::check));
        this.certificate = server.certificate();
    }

    /**
     * A server TLS context for a test stub, from a PEM certificate and key.
     *
     * @param pem the files
     * @return the context
     */
    public static SSLContext serverContext(DevelopmentCertificate.PemFiles pem) {
        try {
            return SslContexts.server(pem.certificate(), pem.key());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up the stub's TLS", e);
        }
    }

    /**
     * Starts a stub.
     *
     * @param flaws what is wrong with it (none for a good endpoint)
     * @return the running stub
     */
    public static WebhookEndpointStub start(Flaw... flaws) {
        try {
            return new WebhookEndpointStub(flaws.length == 0 ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(List.of(flaws)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-customer URL. */
    public String url() {
        return "https://localhost:" + server.port() + "/api/v1/sms";
    }

    /** The certificate to trust. */
    public Path certificate() {
        return certificate;
    }

    /** How many SMS requests it processed (a duplicate answered from memory is not processed). */
    public int processed() {
        return processed.get();
    }

    private void check(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!authorized(exchange)) {
                send(exchange, 401, "{\"success\":false}");
                return;
            }
            send(exchange, 200, "{\"success\":true}");
        }
    }

    private void sms(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (flaws.contains(Flaw.SLOW)) {
                sleep(1200);
            }
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"stub\"");
                send(exchange, 401, "{\"success\":false}");
                return;
            }
            if (flaws.contains(Flaw.FAILS_WITH_500)) {
                send(exchange, 500, "{\"success\":false,\"errors\":[{\"code\":500,\"description\":\"broken\"}]}");
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            JsonObject request;
            try {
                request = JsonBodies.parse(body).asJsonObject();
            } catch (JsonBodies.MalformedJsonException | ClassCastException e) {
                send(exchange, 400, "{\"success\":false}");
                return;
            }
            String answer = flaws.contains(Flaw.DOUBLE_PROCESSES_DUPLICATES) || key == null
                    ? process(request) : answers.computeIfAbsent(key, k -> process(request));
            boolean bad = answer.contains("\"success\":false");
            send(exchange, bad && flaws.contains(Flaw.REJECTS_BAD_DATA_WITH_400) ? 400 : 200, answer);
        }
    }

    private String process(JsonObject request) {
        processed.incrementAndGet();
        String to = request.getString("to", "");
        String text = request.getString("text", "");
        if (to.isEmpty() || text.length() > 1000) {
            return "{\"success\":false,\"errors\":[{\"code\":1001,\"description\":\"unusable\"}]}";
        }
        return "{\"success\":true,\"result\":{\"code\":1,\"status\":\"queued\",\"message_id\":\"" + UUID.randomUUID()
                + "\"}}";
    }

    private boolean authorized(HttpExchange exchange) {
        if (flaws.contains(Flaw.NO_AUTHENTICATION)) {
            return true;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
