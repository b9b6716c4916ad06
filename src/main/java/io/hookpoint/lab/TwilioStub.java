package io.hookpoint.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;

/**
 * Twilio for the lab: its Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, Basic
 * {@code sid:token}, a form with {@code To}, {@code Body} and {@code StatusCallback}, Twilio's JSON answers
 * and error codes: 21614 refused, 20429 throttled with {@code Retry-After: 1}, 20500 unavailable); status
 * callbacks ({@code sent}, then {@code delivered} or {@code undelivered} 30003) and the STOP reply
 * are forms signed with {@code X-Twilio-Signature} (Base64 HMAC-SHA1 of the URL and the sorted parameters).
 */
final class TwilioStub extends ProviderStub {
    static final String SID = "ACa1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String TOKEN = "lab-twilio-auth-token";
    static final String FROM = "+15005550006";

    private final String expectedAuthorization = "Basic " + Base64.getEncoder()
            .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    private final SecretKeySpec key = new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1");

    TwilioStub(LabOptions options, Population population, Timeline timeline, Callbacks callbacks, URI hookpoint,
               Path directory) throws IOException {
        super(options, population, timeline, callbacks, hookpoint, directory);
    }

    @Override
    String name() {
        return "twilio";
    }

    @Override
    Map<String, String> environment() {
        return Map.of("HOOKPOINT_GATEWAY_TYPE", name(), "HOOKPOINT_TWILIO_ACCOUNT_SID", SID,
                "HOOKPOINT_TWILIO_AUTH_TOKEN", TOKEN, "HOOKPOINT_TWILIO_FROM", FROM,
                "HOOKPOINT_TWILIO_URL", url().toString(), "HOOKPOINT_TWILIO_TRUST", certificate().toString());
    }

    @Override
    String refusedCode() {
        return "21614";
    }

    @Override
    String undeliveredCode() {
        return "30003";
    }

    @Override
    Send read(HttpExchange exchange, byte[] body) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + SID + "/Messages.json")) {
            answer(exchange, error(404, 20404, "The requested resource was not found"));
            return null;
        }
        if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, error(401, 20003, "Authenticate"));
            return null;
        }
        Map<String, String> form = Forms.decode(new String(body, StandardCharsets.UTF_8));
        String callback = form.get("StatusCallback");
        URI url = callback == null ? null : URI.create(callback);
        String messageId = url == null ? "" : java.util.Objects.requireNonNullElse(Forms.query(url, "message_id"), "");
        return new Send(messageId, form.getOrDefault("To", ""), url);
    }

    @Override
    Reply taken(Send send, String providerId) {
        return new Reply(201, """
                {"sid":"%s","status":"queued","num_segments":"1","price":null,"price_unit":"USD",\
                "error_code":null,"error_message":null}""".formatted(providerId));
    }

    @Override
    Reply refused(Send send) {
        return error(400, 21614, "'To' number is not a valid mobile number");
    }

    @Override
    Reply throttled() {
        Reply error = error(429, 20429, "Too Many Requests");
        return new Reply(error.status(), error.body(), error.contentType(), Map.of("Retry-After", "1"));
    }

    @Override
    Reply unavailable() {
        return error(503, 20500, "Service unavailable");
    }

    @Override
    Callbacks.Outgoing report(Send send, String providerId, Stage stage) {
        String status = switch (stage) {
            case SENT -> "sent";
            case DELIVERED -> "delivered";
            case UNDELIVERED -> "undelivered";
        };
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", providerId);
        form.put("SmsSid", providerId);
        form.put("AccountSid", SID);
        form.put("From", FROM);
        form.put("To", send.phone());
        form.put("MessageStatus", status);
        form.put("SmsStatus", status);
        form.put("ApiVersion", "2010-04-01");
        if (stage == Stage.UNDELIVERED) {
            form.put("ErrorCode", undeliveredCode());
        }
        return signed(send.callback(), form);
    }

    @Override
    Callbacks.Outgoing stop(String phone) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "stop");
        form.put("AccountSid", SID);
        form.put("From", phone);
        form.put("To", FROM);
        form.put("Body", "STOP");
        form.put("NumMedia", "0");
        return signed(hookpoint.resolve("/callbacks/twilio/inbound"), form);
    }

    Callbacks.Outgoing signed(URI url, Map<String, String> form) {
        return new Callbacks.Outgoing(url, "application/x-www-form-urlencoded", Forms.encode(form),
                Map.of("X-Twilio-Signature", signature(url.toString(), form, key)));
    }

    /** Twilio's signature, written from its documentation (not Hookpoint's code, which it checks). */
    static String signature(String url, Map<String, String> form, SecretKeySpec key) {
        StringBuilder data = new StringBuilder(url);
        form.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> data.append(e.getKey()).append(e.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static Reply error(int status, int code, String message) {
        return new Reply(status, """
                {"code":%d,"message":"%s","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}"""
                .formatted(code, message, code, status));
    }
}
