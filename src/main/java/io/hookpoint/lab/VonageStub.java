package io.hookpoint.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;

/**
 * Vonage's SMS API for the lab: {@code POST /sms/json}, a form with {@code api_key}, {@code api_secret},
 * {@code to} (without +), {@code text}, {@code client-ref} (our id) and {@code callback}; answers 200 with a
 * status per part, as Vonage does even for errors (status 6 Invalid Message for a refused number, status 1
 * Throttled), 503 in the outage. Delivery receipts ({@code accepted}, then {@code delivered}, or
 * {@code failed} with err-code 3, absent subscriber) and the inbound STOP are forms signed with {@code sig}:
 * Vonage's {@code md5hash} of the sorted parameters with the signature secret, written from Vonage's
 * documentation (not Hookpoint's code, which checks it), with a fresh {@code timestamp}.
 */
final class VonageStub extends ProviderStub {
    static final String API_KEY = "labkey01";
    static final String API_SECRET = "lab-vonage-api-secret";
    static final String SIGNATURE_SECRET = "lab-vonage-signature-secret";
    static final String FROM = "LabShop";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter SCTS = DateTimeFormatter.ofPattern("yyMMddHHmm");

    VonageStub(LabOptions options, Population population, Timeline timeline, Callbacks callbacks, URI hookpoint,
               Path directory) throws IOException {
        super(options, population, timeline, callbacks, hookpoint, directory);
    }

    @Override
    String name() {
        return "vonage";
    }

    @Override
    Map<String, String> environment() {
        return Map.of("HOOKPOINT_GATEWAY_TYPE", name(), "HOOKPOINT_VONAGE_API_KEY", API_KEY,
                "HOOKPOINT_VONAGE_API_SECRET", API_SECRET, "HOOKPOINT_VONAGE_FROM", FROM,
                "HOOKPOINT_VONAGE_SIGNATURE_SECRET", SIGNATURE_SECRET, "HOOKPOINT_VONAGE_SIGNATURE_METHOD", "md5hash",
                "HOOKPOINT_VONAGE_URL", url().toString(), "HOOKPOINT_VONAGE_TRUST", certificate().toString());
    }

    @Override
    String refusedCode() {
        return "6";
    }

    @Override
    String undeliveredCode() {
        return "3";
    }

    @Override
    String providerId(String messageId) {
        return "0A" + messageId.replace("-", "").substring(0, 14).toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    Send read(HttpExchange exchange, byte[] body) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/sms/json")) {
            answer(exchange, new Reply(404, ""));
            return null;
        }
        Map<String, String> form = Forms.decode(new String(body, StandardCharsets.UTF_8));
        if (!API_KEY.equals(form.get("api_key")) || !API_SECRET.equals(form.get("api_secret"))) {
            answer(exchange, status(form.get("to"), "4", "Bad Credentials"));
            return null;
        }
        String callback = form.get("callback");
        return new Send(form.getOrDefault("client-ref", ""), "+" + form.getOrDefault("to", ""),
                callback == null ? null : URI.create(callback));
    }

    @Override
    Reply taken(Send send, String providerId) {
        return new Reply(200, """
                {"message-count":"1","messages":[{"to":"%s","message-id":"%s","status":"0",\
                "remaining-balance":"3.14159265","message-price":"0.03330000","network":"23003","client-ref":"%s"}]}"""
                .formatted(send.phone().substring(1), providerId, send.messageId()));
    }

    @Override
    Reply refused(Send send) {
        return status(send.phone().substring(1), "6", "Unroutable message - rejected");
    }

    @Override
    Reply throttled() {
        return status("", "1", "Throughput Rate Exceeded - please wait [ 1000 ] and retry");
    }

    @Override
    Reply unavailable() {
        return new Reply(503, "");
    }

    @Override
    Callbacks.Outgoing report(Send send, String providerId, Stage stage) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("msisdn", send.phone().substring(1));
        form.put("to", FROM);
        form.put("network-code", "23003");
        form.put("messageId", providerId);
        form.put("price", "0.03330000");
        form.put("status", switch (stage) {
            case SENT -> "accepted";
            case DELIVERED -> "delivered";
            case UNDELIVERED -> "failed";
        });
        form.put("scts", now.format(SCTS));
        form.put("err-code", stage == Stage.UNDELIVERED ? undeliveredCode() : "0");
        form.put("api-key", API_KEY);
        form.put("client-ref", send.messageId());
        form.put("message-timestamp", now.format(WHEN));
        return signed(send.callback(), form, now);
    }

    @Override
    Callbacks.Outgoing stop(String phone) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("msisdn", phone.substring(1));
        form.put("to", "447700900000");
        form.put("messageId", "1" + Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(java.util.Locale.ROOT));
        form.put("text", "STOP");
        form.put("type", "text");
        form.put("keyword", "STOP");
        form.put("api-key", API_KEY);
        form.put("message-timestamp", now.format(WHEN));
        return signed(hookpoint.resolve("/callbacks/vonage/inbound"), form, now);
    }

    private static Callbacks.Outgoing signed(URI url, Map<String, String> form, ZonedDateTime now) {
        form.put("timestamp", String.valueOf(now.toEpochSecond()));
        form.put("nonce", Long.toHexString(ThreadLocalRandom.current().nextLong()));
        form.put("sig", signature(form, SIGNATURE_SECRET));
        return new Callbacks.Outgoing(url, "application/x-www-form-urlencoded", Forms.encode(form), Map.of());
    }

    /**
     * Vonage's md5hash signature: every parameter but {@code sig} with a value, sorted by name, as
     * {@code &name=value} with {@code &} and {@code =} inside replaced by {@code _}, then MD5 of that and
     * the secret, lower-case hex.
     */
    static String signature(Map<String, String> params, String secret) {
        StringBuilder data = new StringBuilder();
        params.entrySet().stream().filter(p -> !p.getKey().equals("sig") && !p.getValue().isBlank())
                .sorted(Map.Entry.comparingByKey())
                .forEach(p -> data.append('&').append(clean(p.getKey())).append('=').append(clean(p.getValue())));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((data + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static String clean(String text) {
        return text.replace('&', '_').replace('=', '_');
    }

    private static Reply status(String to, String status, String errorText) {
        return new Reply(200, """
                {"message-count":"1","messages":[{"to":"%s","status":"%s","error-text":"%s"}]}"""
                .formatted(to == null ? "" : to, status, errorText));
    }
}
