package io.hookpoint.providers.vonage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.RetryAfter;
import io.hookpoint.providers.ProviderHttp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What each answer of Vonage's SMS API means for the dispatcher: the table of docs/providers.md. Vonage answers
 * 200 even for errors, one {@code messages[]} entry per part: all parts {@code status "0"}: taken (the first
 * part's {@code message-id}, the number of parts, the sum of their {@code message-price}); status 1
 * (throttled): the lane waits; 5, 10, 13 (Vonage's side, temporary) and 9 (no credit: top up): tried again with
 * backoff; every other status: refused for good with Vonage's status as the error code. An HTTP 429 waits,
 * a 5xx is tried again, another non-200 is refused.
 */
final class VonageAnswers {
    /** The provider name in stored messages and in the callback path. */
    static final String PROVIDER = "vonage";
    private static final String THROTTLED = "1";
    // Vonage's own trouble (internal error, too many binds, communications failure): the same call may pass later
    private static final Set<String> TEMPORARY = Set.of("5", "10", "13");
    // the account, not the message (credentials, barred, no credit, HTTP not enabled, request signing):
    // every message would be refused the same way
    private static final Set<String> ACCOUNT = Set.of("4", "8", "9", "11", "14");
    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("1", "Throttled"), Map.entry("2", "Missing Parameters"), Map.entry("3", "Invalid Parameters"),
            Map.entry("4", "Invalid Credentials"), Map.entry("5", "Internal Error"),
            Map.entry("6", "Invalid Message"), Map.entry("7", "Number Barred"),
            Map.entry("8", "Partner Account Barred"), Map.entry("9", "Partner Quota Violation"),
            Map.entry("10", "Too Many Existing Binds"), Map.entry("11", "Account Not Enabled For HTTP"),
            Map.entry("12", "Message Too Long"), Map.entry("13", "Communication Failure"),
            Map.entry("14", "Invalid Signature"), Map.entry("15", "Invalid Sender Address"));

    private VonageAnswers() {
    }

    /**
     * Classifies one answer.
     *
     * @param status     the HTTP status
     * @param body       the body (Vonage's JSON), possibly empty or not JSON
     * @param retryAfter the {@code Retry-After} header, or null
     * @param now        the time now (for an HTTP-date {@code Retry-After})
     * @return the result for the dispatcher
     */
    static DeliveryResult classify(int status, String body, String retryAfter, Instant now) {
        if (status == 429) {
            return new DeliveryResult.RetryLater("Vonage answered 429", RetryAfter.parse(retryAfter, now));
        }
        String said = "Vonage answered " + status + ": " + ProviderHttp.shortened(body);
        if (ProviderHttp.answerMayBeLost(status)) {
            return new DeliveryResult.Unknown(said + ": the message may have been sent; not sent again", PROVIDER);
        }
        if (status >= 500) {
            return new DeliveryResult.Failed(said);
        }
        if (status == 401) {
            return ProviderHttp.accountRefused(said + " (check HOOKPOINT_VONAGE_API_KEY and _API_SECRET)");
        }
        if (status != 200) {
            // Vonage documents a 200 with a status per part; any other answer is not documented
            return ProviderHttp.undocumented(said);
        }
        List<JsonObject> parts = parts(ProviderHttp.object(body));
        if (parts.isEmpty()) {
            // a 200 that names no message: whether it went is unknown, so it is not sent again
            return new DeliveryResult.Unknown("Vonage answered 200 without messages: the message may have been"
                    + " sent; not sent again: " + ProviderHttp.shortened(body), PROVIDER);
        }
        List<String> refused = new ArrayList<>();
        JsonObject firstRefusal = null;
        for (JsonObject part : parts) {
            if (!"0".equals(ProviderHttp.text(part, "status"))) {
                refused.add(ProviderHttp.text(part, "status"));
                firstRefusal = firstRefusal == null ? part : firstRefusal;
            }
        }
        if (firstRefusal == null) {
            return new DeliveryResult.Sent(PROVIDER, ProviderHttp.text(parts.get(0), "message-id"), parts.size(),
                    price(parts), null);
        }
        String code = ProviderHttp.text(firstRefusal, "status");
        String reason = reason(code, ProviderHttp.text(firstRefusal, "error-text"));
        if (refused.size() < parts.size()) {
            // some parts went: sending again would repeat them, so the message is not sent again
            return new DeliveryResult.Rejected("Vonage took " + (parts.size() - refused.size()) + " of "
                    + parts.size() + " parts and refused the rest (" + reason + "); not sent again", PROVIDER, code);
        }
        if (THROTTLED.equals(code)) {
            return new DeliveryResult.RetryLater(reason, RetryAfter.parse(retryAfter, now));
        }
        if (TEMPORARY.contains(code)) {
            return new DeliveryResult.Failed(reason);
        }
        if (ACCOUNT.contains(code)) {
            return ProviderHttp.accountRefused(reason + ("9".equals(code) ? " (top up the Vonage account)"
                    : " (check the Vonage account and HOOKPOINT_VONAGE_API_KEY / _API_SECRET)"));
        }
        if (code == null || !MEANINGS.containsKey(code)) {
            return ProviderHttp.undocumented(reason);
        }
        return new DeliveryResult.Rejected(reason, PROVIDER, code);
    }

    private static List<JsonObject> parts(JsonObject answer) {
        List<JsonObject> parts = new ArrayList<>();
        if (answer.get("messages") instanceof JsonArray messages) {
            for (JsonValue message : messages) {
                if (message instanceof JsonObject part) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }

    private static String reason(String code, String errorText) {
        String meaning = code == null ? null : MEANINGS.get(code);
        return "Vonage refused the message, status " + (code == null ? "missing" : code)
                + (meaning == null ? "" : " (" + meaning + ")")
                + (errorText == null ? "" : ": " + ProviderHttp.shortened(errorText));
    }

    // the sum of the parts' prices, as a decimal number; none when a part names no readable price
    private static String price(List<JsonObject> parts) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonObject part : parts) {
            String price = ProviderHttp.text(part, "message-price");
            if (price == null || !price.matches("-?[0-9]{1,18}(\\.[0-9]{1,18})?")) {
                return null;
            }
            sum = sum.add(new BigDecimal(price));
        }
        return sum.toPlainString();
    }
}
