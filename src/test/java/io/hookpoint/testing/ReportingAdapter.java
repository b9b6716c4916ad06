package io.hookpoint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A user's own adapter of the generic {@code http} gateway, as a real local HTTP server: it takes each
 * send (answering with a provider id, parts and price), remembers the {@code callback_url} it was given,
 * and reports delivery there over HTTPS with the callback token, on its own or when the test asks.
 */
public final class ReportingAdapter implements AutoCloseable {
    private final HttpServer server;
    private final String token;
    private final Map<String, JsonObject> sends = new ConcurrentHashMap<>();
    private volatile boolean autoReport;
    private volatile long answerDelayMillis;
    private volatile HttpClient client;

    /**
     * Starts the adapter on a free port of 127.0.0.1.
     *
     * @param token the callback token it reports with
     * @throws IOException when it cannot listen
     */
    public ReportingAdapter(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/send", this::handle);
        server.start();
    }

    /** The URL to configure as {@code HOOKPOINT_GATEWAY_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/send");
    }

    /**
     * Trusts Hookpoint's certificate for the reports.
     *
     * @param certificate the PEM certificate of the service
     * @return this
     */
    public ReportingAdapter trusting(Path certificate) {
        this.client = HttpClient.newBuilder().sslContext(HttpsClient.trusting(certificate))
                .connectTimeout(Duration.ofSeconds(2)).build();
        return this;
    }

    /** Reports {@code delivered} right after answering each send. */
    public ReportingAdapter autoReport() {
        this.autoReport = true;
        return this;
    }

    /** Waits this long before answering a send (the provider is slow). */
    public ReportingAdapter answerAfter(long millis) {
        this.answerDelayMillis = millis;
        return this;
    }

    /** The send request the adapter received for a message, or null. */
    public JsonObject sendOf(String messageId) {
        return sends.get(messageId);
    }

    /** Waits up to 20 s for a send of this message to arrive. */
    public boolean awaitSend(String messageId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!sends.containsKey(messageId) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return sends.containsKey(messageId);
    }

    /**
     * Posts one report for a message to the callback URL its send named.
     *
     * @param messageId the message
     * @param report    the report's JSON fields besides message_id (e.g. {@code "status":"delivered"})
     * @return the HTTP status of the answer
     */
    public int report(String messageId, String report) throws IOException, InterruptedException {
        JsonObject send = sends.get(messageId);
        URI callback = URI.create(send.getString("callback_url"));
        String body = "{\"reports\":[{\"message_id\":\"" + messageId + "\"," + report + "}]}";
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(callback)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonObject body = Json.createReader(new StringReader(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8))).readObject();
            String id = body.getString("message_id");
            sends.put(id, body);
            if (answerDelayMillis > 0) {
                Thread.sleep(answerDelayMillis);
            }
            byte[] reply = ("{\"provider_message_id\":\"P-" + id + "\",\"segments\":1,\"price\":\"0.0075\","
                    + "\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
            if (autoReport) {
                report(id, "\"status\":\"delivered\",\"provider_status\":\"DELIVRD\"");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
