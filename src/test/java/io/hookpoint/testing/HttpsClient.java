package io.hookpoint.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.hookpoint.tls.SslContexts;

import jakarta.json.JsonObject;

/**
 * A real HTTPS client (the JDK's, HTTP/1.1) that trusts only the test certificate, sends Basic
 * credentials, and checks every answer of a declared operation against {@code openapi.yaml}.
 */
public final class HttpsClient {
    private final int port;
    private final Path certificate;
    private final HttpClient client;
    private final String authorization;

    HttpsClient(int port, Path certificate) {
        this(port, certificate, newClient(certificate), null);
    }

    private HttpsClient(int port, Path certificate, HttpClient client, String authorization) {
        this.port = port;
        this.certificate = certificate;
        this.client = client;
        this.authorization = authorization;
    }

    /**
     * The same client with other credentials.
     *
     * @param user     login
     * @param password password
     * @return a client that sends them
     */
    public HttpsClient withCredentials(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withAuthorization("Basic " + token);
    }

    /**
     * The same client with a raw {@code Authorization} header.
     *
     * @param authorization the header value, or null for none
     * @return the client
     */
    public HttpsClient withAuthorization(String authorization) {
        return new HttpsClient(port, certificate, client, authorization);
    }

    /** The same client without credentials. */
    public HttpsClient anonymous() {
        return withAuthorization(null);
    }

    /** The server's port. */
    public int port() {
        return port;
    }

    /**
     * Sends an SMS request as JSON.
     *
     * @param key  the idempotency key
     * @param json the body
     * @return the answer
     */
    public Reply sendSms(String key, String json) {
        return send("POST", "/api/v1/sms", Map.of("Idempotency-Key", key, "Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Polls {@code GET /api/v1/sms/{id}} until the message has a status, for up to 20 s.
     *
     * @param messageId the message
     * @param status    the status to wait for
     * @return the message with that status
     * @throws InterruptedException when interrupted
     * @throws AssertionError       when the status does not come
     */
    public JsonObject awaitSmsStatus(String messageId, String status) throws InterruptedException {
        return awaitSms(messageId, message -> message.getString("status").equals(status));
    }

    /**
     * Polls {@code GET /api/v1/sms/{id}} until the message is as wanted, for up to 20 s.
     *
     * @param messageId the message
     * @param wanted    what the message must satisfy
     * @return the message, as wanted
     * @throws InterruptedException when interrupted
     * @throws AssertionError       when it does not come
     */
    public JsonObject awaitSms(String messageId, java.util.function.Predicate<JsonObject> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject message;
        do {
            message = get("/api/v1/sms/" + messageId).json();
            if (wanted.test(message)) {
                return message;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("message " + messageId + " stayed " + message);
    }

    /**
     * Sends a GET.
     *
     * @param path the path
     * @return the answer
     */
    public Reply get(String path) {
        return send("GET", path, Map.of(), null);
    }

    /**
     * Sends a request.
     *
     * @param method  the method
     * @param path    the path
     * @param headers headers to set
     * @param body    the body, or null for none
     * @return the answer, already checked against the contract
     */
    public Reply send(String method, String path, Map<String, String> headers, byte[] body) {
        return exchange(method, path, headers, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /**
     * Sends a request whose body has no declared length ({@code Transfer-Encoding: chunked}).
     *
     * @param method  the method
     * @param path    the path
     * @param headers headers to set
     * @param body    the body
     * @return the answer, already checked against the contract
     */
    public Reply sendChunked(String method, String path, Map<String, String> headers, byte[] body) {
        return exchange(method, path, headers,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    private Reply exchange(String method, String path, Map<String, String> headers,
                           HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Reply reply = Reply.of(response);
            Contract.assertMatches(method, path, reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * An SSL context that trusts exactly one certificate.
     *
     * @param certificate the PEM certificate
     * @return the context
     */
    public static SSLContext trusting(Path certificate) {
        try {
            return SslContexts.trusting(certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust " + certificate, e);
        }
    }

    private static HttpClient newClient(Path certificate) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
