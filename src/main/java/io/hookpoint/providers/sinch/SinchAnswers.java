package io.hookpoint.providers.sinch;

import java.time.Instant;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.RetryAfter;
import io.hookpoint.providers.ProviderHttp;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * What each answer of Sinch's {@code POST /xms/v1/{plan}/batches} means for the dispatcher: the table of
 * docs/providers.md. 200/201: taken (the batch {@code id} kept as the provider's message id; Sinch's answer
 * carries neither parts nor price); 429: throttled, the lane waits ({@code Retry-After}); 5xx: tried again
 * with backoff; 400 ({@code syntax_*}), 401 (the token), 403 ({@code blocked_account}, ...), 404 (the plan)
 * and every other answer: refused for good, with Sinch's {@code code} as the provider's error code.
 */
final class SinchAnswers {
    /** The provider name in stored messages and in the callback path. */
    static final String PROVIDER = "sinch";

    private SinchAnswers() {
    }

    /**
     * Classifies one answer.
     *
     * @param status     the HTTP status
     * @param body       the body (Sinch's JSON), possibly empty or not JSON
     * @param retryAfter the {@code Retry-After} header, or null
     * @param now        the time now (for an HTTP-date {@code Retry-After})
     * @return the result for the dispatcher
     */
    static DeliveryResult classify(int status, String body, String retryAfter, Instant now) {
        JsonObject json = ProviderHttp.object(body);
        if (status == 200 || status == 201) {
            return new DeliveryResult.Sent(PROVIDER, text(json, "id"), null, null, null);
        }
        // 400 and 403 carry {"code": "syntax_invalid_json", "text": "..."}
        String code = text(json, "code");
        String text = text(json, "text");
        String reason = "Sinch answered " + status + (code == null ? "" : ", " + code)
                + (text == null ? shortened(body) : ": " + ProviderHttp.shortened(text));
        if (status == 429) {
            return new DeliveryResult.RetryLater(reason, RetryAfter.parse(retryAfter, now));
        }
        if (status >= 500) {
            return new DeliveryResult.Failed(reason);
        }
        if (status == 401) {
            return ProviderHttp.accountRefused(reason + " (check HOOKPOINT_SINCH_TOKEN)");
        }
        if (status == 404) {
            // the service plan is not there: the address of every send is wrong
            return ProviderHttp.accountRefused(reason + " (check HOOKPOINT_SINCH_SERVICE_PLAN_ID and"
                    + " HOOKPOINT_SINCH_URL, the plan's region)");
        }
        if (status == 403) {
            // a blocked account or a plan without the right: no message can pass until it is fixed
            return ProviderHttp.accountRefused(reason + " (check the Sinch account and service plan)");
        }
        if (status == 400) {
            return new DeliveryResult.Rejected(reason, PROVIDER, code);
        }
        return ProviderHttp.undocumented(reason);
    }

    private static String shortened(String body) {
        String text = ProviderHttp.shortened(body);
        return text.isEmpty() ? "" : ": " + text;
    }

    private static String text(JsonObject json, String name) {
        return json.get(name) instanceof JsonString ? ProviderHttp.text(json, name) : null;
    }
}
