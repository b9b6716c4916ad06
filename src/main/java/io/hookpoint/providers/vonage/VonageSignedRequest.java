package io.hookpoint.providers.vonage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A request Vonage signed, as its delivery receipts and inbound messages are (signed webhooks): POSTed as a
 * form or as JSON, {@code sig} must be {@link VonageSignature} of the other parameters with
 * {@code HOOKPOINT_VONAGE_SIGNATURE_SECRET}, and {@code timestamp} within five minutes of now, so a captured
 * call cannot be replayed later. Without a secret every call is refused.
 */
final class VonageSignedRequest {
    /** How far a call's {@code timestamp} may be from now: as Vonage's own libraries check it. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /**
     * The parameters of an authentic call.
     *
     * @param params       the body's parameters (the signed ones, {@code sig} among them)
     * @param query        the callback URL's query
     * @param queryCovered whether the signature covers the query too
     */
    record Signed(Map<String, String> params, Map<String, String> query, boolean queryCovered) {
    }

    private VonageSignedRequest() {
    }

    /**
     * Authenticates a call and reads its parameters.
     *
     * @param request the call
     * @param secret  the signature secret, or empty
     * @param method  the signature method
     * @param clock   the clock the timestamp is checked against
     * @return the parameters
     * @throws CallbackRejected unauthenticated first, then for another content type than a form or JSON
     */
    static Signed read(CallbackRequest request, Optional<String> secret, VonageSignature.Method method, Clock clock)
            throws CallbackRejected {
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
        boolean queryCovered = authenticate(params, query, secret.filter(s -> !s.isBlank()), method, clock);
        if (!json && request.contentType().isPresent()
                && !request.contentType().get().equals("application/x-www-form-urlencoded")) {
            throw new CallbackRejected(Refusal.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/x-www-form-urlencoded or application/json.");
        }
        return new Signed(params, query, queryCovered);
    }

    // true when the signature covers the callback URL's query too (Vonage's libraries verify all parameters)
    private static boolean authenticate(Map<String, String> params, Map<String, String> query, Optional<String> secret,
                                        VonageSignature.Method method, Clock clock) throws CallbackRejected {
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

    // the top-level members of a JSON call, as the texts Vonage signs (numbers as written)
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

    private static CallbackRejected unauthenticated() {
        return new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
    }
}
