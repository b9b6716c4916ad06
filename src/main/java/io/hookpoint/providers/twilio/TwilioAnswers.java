package io.hookpoint.providers.twilio;

import java.time.Instant;
import java.util.Set;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.RetryAfter;
import io.hookpoint.providers.ProviderHttp;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * What each answer of Twilio's Messages create means for the dispatcher: the table of docs/providers.md.
 * 2xx: taken (its {@code sid}, {@code num_segments}, {@code price} / {@code price_unit} kept); 429 or error
 * 20429: throttled, the lane waits ({@code Retry-After}); 21611 (the sender's queue is full): the lane
 * waits too; 5xx: tried again with backoff; every other answer (401 credentials, 21211, 21610, 21614,
 * 21635, ...): refused for good, with Twilio's code in the error; 21610 (the recipient replied STOP to this
 * sender) also says the recipient unsubscribed, so the number is suppressed here too.
 */
final class TwilioAnswers {
    /** The provider name in stored messages and in the callback path. */
    static final String PROVIDER = "twilio";
    // Twilio's codes that are not about this message but about the rate: wait, then send it again
    private static final Set<Integer> THROTTLE_CODES = Set.of(20429, 21611);
    // "Attempt to send to unsubscribed recipient": the recipient replied STOP (Twilio's error 21610)
    private static final int UNSUBSCRIBED = 21610;

    private TwilioAnswers() {
    }

    /**
     * Classifies one answer.
     *
     * @param status     the HTTP status
     * @param body       the body (Twilio's JSON), possibly empty or not JSON
     * @param retryAfter the {@code Retry-After} header, or null
     * @param now        the time now (for an HTTP-date {@code Retry-After})
     * @return the result for the dispatcher
     */
    static DeliveryResult classify(int status, String body, String retryAfter, Instant now) {
        JsonObject json = object(body);
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Sent(PROVIDER, text(json, "sid"), segments(json), price(json),
                    currency(json));
        }
        Integer code = json.get("code") instanceof JsonNumber n && n.isIntegral() ? n.intValue() : null;
        String message = text(json, "message");
        String reason = "Twilio answered " + status + (code == null ? "" : ", error " + code)
                + (message == null ? shortened(body).isEmpty() ? "" : ": " + shortened(body) : ": " + shortened(message));
        if (status == 429 || code != null && THROTTLE_CODES.contains(code)) {
            return new DeliveryResult.RetryLater(reason, RetryAfter.parse(retryAfter, now));
        }
        if (ProviderHttp.answerMayBeLost(status)) {
            return new DeliveryResult.Unknown(reason + ": the message may have been sent; not sent again", PROVIDER);
        }
        if (status >= 500) {
            return new DeliveryResult.Failed(reason);
        }
        if (status == 401) {
            return ProviderHttp.accountRefused(reason + " (check HOOKPOINT_TWILIO_ACCOUNT_SID and _AUTH_TOKEN)");
        }
        if (status >= 400 && status < 500 && code != null) {
            // Twilio's documented refusals carry one of its error codes; 21610: the recipient replied STOP
            return new DeliveryResult.Rejected(reason, PROVIDER, code.toString(), code == UNSUBSCRIBED);
        }
        return ProviderHttp.undocumented(reason);
    }

    private static JsonObject object(String body) {
        return ProviderHttp.object(body);
    }

    private static String text(JsonObject json, String name) {
        return json.get(name) instanceof JsonString ? ProviderHttp.text(json, name) : null;
    }

    // Twilio gives num_segments as a string ("1"); a number is taken too
    private static Integer segments(JsonObject json) {
        String text = json.get("num_segments") instanceof JsonNumber n ? n.toString() : text(json, "num_segments");
        return text != null && text.matches("[0-9]{1,9}") ? Integer.valueOf(text) : null;
    }

    // the price is often null at creation (it comes later); Twilio writes charges as negative numbers
    private static String price(JsonObject json) {
        String text = json.get("price") instanceof JsonNumber n ? n.toString() : text(json, "price");
        return text != null && text.matches("-?[0-9]{1,18}(\\.[0-9]{1,18})?") ? text : null;
    }

    private static String currency(JsonObject json) {
        String unit = text(json, "price_unit");
        return unit != null && unit.matches("[A-Za-z]{3}") ? unit.toUpperCase(java.util.Locale.ROOT) : null;
    }

    private static String shortened(String text) {
        return ProviderHttp.shortened(text);
    }
}
