package io.hookpoint.providers.sinch;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Sinch's SMS REST API on localhost over real TLS: {@code POST /xms/v1/{plan}/batches} records each call
 * (path, Authorization, Content-Type, the JSON body) and answers with Sinch's documented bodies as the
 * test says, per message (our id, the batch's {@code client_reference}) and attempt; a batch answered
 * with 2xx exists from the moment its call arrived, and {@code GET .../batches?client_reference=} lists it.
 */
final class SinchStub implements AutoCloseable {
    static final String PLAN = "jd63jf88477ll123ab4567cd89012ef3";
    static final String TOKEN = "sinch-api-token-for-tests";

    /**
     * An answer: status, JSON body, extra headers, a delay before it, and whether a batch it creates is
     * listed only once that delay is over (a slow creation) instead of at once.
     */
    record Answer(int status, String body, Map<String, String> headers, long delayMillis, boolean listedLate) {
        Answer(int status, String body, Map<String, String> headers, long delayMillis) {
            this(status, body, headers, delayMillis, false);
        }

        static Answer created(String messageId) {
            return new Answer(201, """
                    {"id":"%s","to":["+420777123456"],"from":"+12025550123","canceled":false,"body":"...",\
                    "type":"mt_text","created_at":"2026-12-01T10:00:00.000Z","modified_at":"2026-12-01T10:00:00.000Z",\
                    "delivery_report":"per_recipient","client_reference":"%s","flash_message":false}"""
                    .formatted(batchId(messageId), messageId), Map.of(), 0);
        }

        static Answer error(int status, String code, String text) {
            return new Answer(status, """
                    {"code":"%s","text":"%s"}""".formatted(code, text), Map.of(), 0);
        }

        static Answer plain(int status) {
            return new Answer(status, "", Map.of(), 0);
        }

        Answer after(long millis) {
            return new Answer(status, body, headers, millis, listedLate);
        }

        /** The batch this answer creates is in the list only when the answer goes out. */
        Answer listedWhenAnswered() {
            return new Answer(status, body, headers, delayMillis, true);
        }

        Answer header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, more, delayMillis, listedLate);
        }
    }

    /** One call: what came and when it was answered. */
    record Call(String method, String path, String query, String authorization, String contentType, JsonObject json,
                String messageId, long startNanos, long endNanos) {
    }

    /** How to answer the n-th send (1-based) for a message. */
    interface Behaviour {
        Answer answer(String messageId, int attempt);
    }

    private final LocalHttpsServer server;
    private final Path certificate;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, String> batches = new ConcurrentHashMap<>();
    private volatile Behaviour behaviour = (id, attempt) -> Answer.created(id);

    SinchStub() throws Exception {
        server = LocalHttpsServer.start("sinch-stub", Map.<String, com.sun.net.httpserver.HttpHandler>of("/", this::handle));
        this.certificate = server.certificate();
    }

    /** Sinch's batch id for one of our messages (ULID-like, 26 characters). */
    static String batchId(String messageId) {
        return ("01" + messageId.replace("-", "").toUpperCase()).substring(0, 26);
    }

    SinchStub behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The base URL to configure as {@code HOOKPOINT_SINCH_URL}. */
    URI url() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    /** The certificate to trust ({@code HOOKPOINT_SINCH_TRUST}). */
    Path certificate() {
        return certificate;
    }

    List<Call> callsFor(String messageId) {
        synchronized (calls) {
            // in the order they arrived (a slow answer is recorded when it is given)
            return calls.stream().filter(c -> messageId.equals(c.messageId()))
                    .sorted(java.util.Comparator.comparingLong(Call::startNanos)).toList();
        }
    }

    List<Call> sendsFor(String messageId) {
        return callsFor(messageId).stream().filter(c -> c.method().equals("POST")).toList();
    }

    /** How many batches exist (answered or not). */
    int batchCount() {
        return batches.size();
    }

    /** Our ids of the batches that exist. */
    List<String> batchReferences() {
        return List.copyOf(batches.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] received = in.readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            JsonObject json = null;
            String id;
            Answer answer;
            if (exchange.getRequestMethod().equals("GET")) {
                id = URLDecoder.decode(query == null ? "" : query.replaceAll(".*client_reference=([^&]*).*", "$1"),
                        StandardCharsets.UTF_8);
                String batch = batches.get(id);
                answer = new Answer(200, batch == null ? "{\"count\":0,\"page\":0,\"page_size\":30,\"batches\":[]}"
                        : """
                        {"count":1,"page":0,"page_size":30,"batches":[{"id":"%s","client_reference":"%s",\
                        "type":"mt_text","canceled":false}]}""".formatted(batch, id), Map.of(), 0);
            } else {
                String text = new String(received, StandardCharsets.UTF_8);
                try (JsonReader reader = Json.createReader(new StringReader(text))) {
                    json = reader.readObject();
                }
                id = json.getString("client_reference", json.getString("body", ""));
                int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                answer = behaviour.answer(id, attempt);
                if (answer.status() / 100 == 2 && !answer.listedLate()) {
                    batches.put(id, batchId(id));   // the batch exists whether or not its answer arrives
                }
            }
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            if (json != null && answer.status() / 100 == 2 && answer.listedLate()) {
                batches.put(id, batchId(id));
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            long end = System.nanoTime();
            synchronized (calls) {
                calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), json, id, start, end));
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
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
