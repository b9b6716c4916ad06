package io.hookpoint.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import com.sun.net.httpserver.HttpExchange;

/**
 * Sinch's SMS REST API for the lab: {@code POST /xms/v1/{plan}/batches}, {@code Authorization: Bearer},
 * JSON {@code to}, {@code body}, {@code client_reference} (our id) and {@code callback_url}; answers 201 with
 * the batch, 400 {@code syntax_invalid_parameter_format} for a refused number, 429 ({@code Retry-After: 1}),
 * 503 in the outage; and the list {@code GET /xms/v1/{plan}/batches?client_reference=...} that Hookpoint asks
 * before a repeat, from the batches it took. Per-recipient delivery reports ({@code Dispatched}, then
 * {@code Delivered}, or {@code Failed} code 404) go to the batch's callback URL, which carries the callback
 * token; the STOP reply is an {@code mo_text} to {@code /callbacks/sinch/inbound?token=...}.
 */
final class SinchStub extends ProviderStub {
    static final String PLAN = "labplan0123456789abcdef";
    static final String TOKEN = "lab-sinch-api-token";
    static final String CALLBACK_TOKEN = "lab-sinch-callback-token-0123456789";
    static final String FROM = "+12025550123";
    private static final String BATCHES = "/xms/v1/" + PLAN + "/batches";

    private final Map<String, String> batches = new ConcurrentHashMap<>();
    private final AtomicLong lookUps = new AtomicLong();

    SinchStub(LabOptions options, Population population, Timeline timeline, Callbacks callbacks, URI hookpoint,
              Path directory) throws IOException {
        super(options, population, timeline, callbacks, hookpoint, directory);
    }

    @Override
    String name() {
        return "sinch";
    }

    @Override
    Map<String, String> environment() {
        return Map.of("HOOKPOINT_GATEWAY_TYPE", name(), "HOOKPOINT_SINCH_SERVICE_PLAN_ID", PLAN,
                "HOOKPOINT_SINCH_TOKEN", TOKEN, "HOOKPOINT_SINCH_FROM", FROM,
                "HOOKPOINT_SINCH_CALLBACK_TOKEN", CALLBACK_TOKEN, "HOOKPOINT_SINCH_URL", url().toString(),
                "HOOKPOINT_SINCH_TRUST", certificate().toString());
    }

    @Override
    String refusedCode() {
        return "syntax_invalid_parameter_format";
    }

    @Override
    String undeliveredCode() {
        return "404";
    }

    /** The batch list calls Hookpoint made before a repeat. */
    long lookUps() {
        return lookUps.get();
    }

    @Override
    String providerId(String messageId) {
        // a ULID-like batch id, 26 characters
        return ("01" + messageId.replace("-", "")).substring(0, 26).toUpperCase(Locale.ROOT);
    }

    @Override
    Send read(HttpExchange exchange, byte[] body) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(BATCHES)) {
            answer(exchange, error(404, "not_found", "Service plan not found"));
            return null;
        }
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, error(401, "unauthorized", "Unauthorized"));
            return null;
        }
        if (exchange.getRequestMethod().equals("GET")) {
            lookUps.incrementAndGet();
            answer(exchange, list(Forms.query(exchange.getRequestURI(), "client_reference")));
            return null;
        }
        JsonObject batch = Forms.json(body);
        String to = batch.get("to") instanceof JsonArray list && !list.isEmpty() ? list.getString(0, "") : "";
        String callback = batch.getString("callback_url", null);
        return new Send(batch.getString("client_reference", ""), to, callback == null ? null : URI.create(callback));
    }

    @Override
    Reply taken(Send send, String providerId) {
        batches.put(send.messageId(), batch(send.messageId(), providerId, send.phone()));
        return new Reply(201, batches.get(send.messageId()));
    }

    @Override
    Reply refused(Send send) {
        return error(400, refusedCode(), "Invalid number: " + send.phone());
    }

    @Override
    Reply throttled() {
        Reply error = error(429, "too_many_requests", "Too many requests");
        return new Reply(429, error.body(), error.contentType(), Map.of("Retry-After", "1"));
    }

    @Override
    Reply unavailable() {
        return error(503, "service_unavailable", "Service unavailable");
    }

    @Override
    Callbacks.Outgoing report(Send send, String providerId, Stage stage) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String status = switch (stage) {
            case SENT -> "Dispatched";
            case DELIVERED -> "Delivered";
            case UNDELIVERED -> "Failed";
        };
        String code = switch (stage) {
            case SENT -> "401";
            case DELIVERED -> "0";
            case UNDELIVERED -> undeliveredCode();
        };
        String body = """
                {"type":"recipient_delivery_report_sms","batch_id":"%s","recipient":"%s","code":%s,"status":"%s",\
                "at":"%s","operator_status_at":"%s","client_reference":"%s"}"""
                .formatted(providerId, send.phone(), code, status, now, now, send.messageId());
        return new Callbacks.Outgoing(send.callback(), "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Override
    Callbacks.Outgoing stop(String phone) {
        String body = """
                {"type":"mo_text","id":"01MO%s","from":"%s","to":"%s","body":"STOP","received_at":"%s"}"""
                .formatted(Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(Locale.ROOT),
                        phone.substring(1), FROM.substring(1), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return new Callbacks.Outgoing(URI.create(hookpoint.resolve("/callbacks/sinch/inbound") + "?token="
                + CALLBACK_TOKEN), "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private Reply list(String clientReference) {
        String found = clientReference == null ? null : batches.get(clientReference);
        return new Reply(200, """
                {"count":%d,"page":0,"page_size":%d,"batches":[%s]}""".formatted(found == null ? 0 : 1,
                found == null ? 0 : 1, found == null ? "" : found));
    }

    private static String batch(String messageId, String id, String phone) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        return """
                {"id":"%s","to":["%s"],"from":"%s","canceled":false,"body":"","type":"mt_text","created_at":"%s",\
                "modified_at":"%s","delivery_report":"per_recipient","client_reference":"%s","flash_message":false}"""
                .formatted(id, phone, FROM, now, now, messageId);
    }

    private static Reply error(int status, String code, String text) {
        return new Reply(status, """
                {"code":"%s","text":"%s"}""".formatted(code, text));
    }
}
