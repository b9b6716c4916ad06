package io.hookpoint.providers.vonage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.DeliveryReport;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Vonage's SMS delivery receipts, POSTed as a form or as JSON (the dashboard's "HTTP method"), signed: {@code sig}
 * must be {@link VonageSignature} of the other parameters with {@code HOOKPOINT_VONAGE_SIGNATURE_SECRET}, and
 * {@code timestamp} within five minutes of now, so a captured receipt cannot be replayed later. Our message id is
 * the receipt's {@code client-ref} (signed), else the {@code message_id} of the callback URL when the signature
 * covers it. {@code delivered}, {@code expired} and {@code failed} (undelivered), {@code rejected} (failed) and
 * {@code accepted} (sent) are applied; {@code buffered} and {@code unknown} are read and ignored.
 */
public final class VonageReportReader implements ReportReader {
    /** How far a receipt's {@code timestamp} may be from now: as Vonage's own libraries check it. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Map<String, SmsStatus> STATUSES = Map.of(
            "accepted", SmsStatus.SENT, "delivered", SmsStatus.DELIVERED, "expired", SmsStatus.UNDELIVERED,
            "failed", SmsStatus.UNDELIVERED, "rejected", SmsStatus.FAILED);
    private static final DateTimeFormatter SCTS = DateTimeFormatter.ofPattern("yyMMddHHmm");

    private final Optional<String> secret;
    private final VonageSignature.Method method;
    private final Clock clock;

    /**
     * Creates the reader.
     *
     * @param secret {@code HOOKPOINT_VONAGE_SIGNATURE_SECRET}, or empty to refuse every callback
     * @param method {@code HOOKPOINT_VONAGE_SIGNATURE_METHOD}
     * @param clock  the clock the timestamp is checked against
     */
    public VonageReportReader(Optional<String> secret, VonageSignature.Method method, Clock clock) {
        this.secret = secret.filter(s -> !s.isBlank());
        this.method = method;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return VonageAnswers.PROVIDER;
    }

    @Override
    public List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected {
        boolean json = request.contentType().filter(type -> type.equals("application/json")).isPresent();
        Map<String, String> params;
        Map<String, String> query;
        try {
            params = json ? jsonParams(request.body()) : formParams(new String(request.body(), StandardCharsets.UTF_8));
            query = formParams(request.publicUrl().getRawQuery());
        } catch (CallbackRejected e) {
            // a body that cannot be read cannot carry a valid signature: authentication comes first
            throw unauthenticated();
        }
        boolean queryCovered = authenticate(params, query);
        if (!json && request.contentType().isPresent()
                && !request.contentType().get().equals("application/x-www-form-urlencoded")) {
            throw new CallbackRejected(Refusal.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/x-www-form-urlencoded or application/json.");
        }
        String vonageId = params.get("messageId");
        String status = params.get("status");
        if (vonageId == null || status == null) {
            throw new CallbackRejected(Refusal.UNREADABLE, "messageId and status are required.");
        }
        SmsStatus ours = STATUSES.get(status);
        if (ours == null) {
            return List.of();   // buffered, unknown: nothing we track
        }
        String messageId = Optional.ofNullable(params.get("client-ref"))
                .orElse(queryCovered ? query.get("message_id") : null);
        String errorCode = params.get("err-code");
        try {
            return List.of(new DeliveryReport(provider(), messageId, vonageId, ours, status,
                    errorCode == null || errorCode.equals("0") ? null : errorCode, null, null, null, null,
                    at(params.get("scts"))));
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(Refusal.UNREADABLE, e.getMessage() + ".");
        }
    }

    // true when the signature covers the callback URL's query too (Vonage's libraries verify all parameters)
    private boolean authenticate(Map<String, String> params, Map<String, String> query) throws CallbackRejected {
        String given = params.get("sig");
        String timestamp = params.get("timestamp");
        if (secret.isEmpty() || given == null || timestamp == null || !timestamp.matches("[0-9]{1,12}")
                || Duration.ofSeconds(Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)))
                .compareTo(MAX_AGE) > 0) {
            throw unauthenticated();
        }
        if (VonageSignature.matches(VonageSignature.of(params, secret.get(), method), given)) {
            return false;
        }
        Map<String, String> all = new LinkedHashMap<>(query);
        all.putAll(params);
        if (!query.isEmpty() && VonageSignature.matches(VonageSignature.of(all, secret.get(), method), given)) {
            return true;
        }
        throw unauthenticated();
    }

    private static Map<String, String> formParams(String form) throws CallbackRejected {
        Map<String, String> params = new LinkedHashMap<>();
        FormParams parsed = FormParams.parse(form);
        for (String[] pair : parsed.pairs()) {
            params.put(pair[0], parsed.single(pair[0]));   // a name given twice is unreadable
        }
        params.values().removeIf(v -> v == null);
        return params;
    }

    // the top-level members of a JSON receipt, as the texts Vonage signs (numbers as written)
    private static Map<String, String> jsonParams(byte[] body) throws CallbackRejected {
        JsonValue value;
        try {
            value = JsonBodies.parse(body);
        } catch (JsonBodies.MalformedJsonException e) {
            throw new CallbackRejected(Refusal.NOT_JSON, "The body is not JSON.");
        }
        if (!(value instanceof JsonObject object)) {
            throw new CallbackRejected(Refusal.UNREADABLE, "The body is not a JSON object.");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            String text = switch (member.getValue()) {
            case JsonString s -> s.getString();
            case JsonNumber n -> n.toString();
            default -> member.getValue() == JsonValue.TRUE || member.getValue() == JsonValue.FALSE
                    ? member.getValue().toString() : null;
            };
            if (text != null && text.length() <= 1024 && !text.isBlank()) {
                params.put(member.getKey(), text);
            }
        }
        return params;
    }

    // scts: when the carrier reported, YYMMDDHHMM in UTC; unreadable or absent: now
    private static Long at(String scts) {
        if (scts == null || !scts.matches("[0-9]{10}")) {
            return null;
        }
        try {
            return LocalDateTime.parse(scts, SCTS).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static CallbackRejected unauthenticated() {
        return new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
    }
}
