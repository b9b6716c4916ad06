package io.hookpoint.providers.infobip;

import java.time.Instant;
import java.util.Set;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.RetryAfter;
import io.hookpoint.providers.ProviderHttp;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What each answer of Infobip's {@code POST /sms/2/text/advanced} means for the dispatcher: the table of
 * docs/providers.md. 2xx with the message's status in group 0 (ACCEPTED) or 1 (PENDING): taken (its
 * {@code messageId} and {@code smsCount} kept); 2xx with the status in group 5 (REJECTED), 2 (UNDELIVERABLE)
 * or 4 (EXPIRED): refused for good, the status name as the code; 429: throttled, the lane waits
 * ({@code Retry-After}); 5xx: tried again with backoff; every other answer (400, 401, 403, ...): refused for
 * good, with Infobip's {@code serviceException.messageId} as the code.
 */
final class InfobipAnswers {
    /** The provider name in stored messages and in the callback path. */
    static final String PROVIDER = "infobip";
    // status groups that say the message will not go out (Infobip's "Response status and error codes")
    private static final Set<Integer> REFUSED_GROUPS = Set.of(2, 4, 5);

    private InfobipAnswers() {
    }

    /**
     * Classifies one answer.
     *
     * @param status     the HTTP status
     * @param body       the body (Infobip's JSON), possibly empty or not JSON
     * @param retryAfter the {@code Retry-After} header, or null
     * @param now        the time now (for an HTTP-date {@code Retry-After})
     * @return the result for the dispatcher
     */
    static DeliveryResult classify(int status, String body, String retryAfter, Instant now) {
        JsonObject json = ProviderHttp.object(body);
        if (status >= 200 && status < 300) {
            return accepted(json);
        }
        JsonObject exception = object(object(json, "requestError"), "serviceException");
        String code = ProviderHttp.text(exception, "messageId");
        String text = ProviderHttp.text(exception, "text");
        String said = text != null ? text : ProviderHttp.shortened(body);
        String reason = "Infobip answered " + status + (code == null ? "" : ", " + code)
                + (said.isEmpty() ? "" : ": " + ProviderHttp.shortened(said));
        if (status == 429) {
            return new DeliveryResult.RetryLater(reason, RetryAfter.parse(retryAfter, now));
        }
        if (ProviderHttp.answerMayBeLost(status)) {
            return new DeliveryResult.Unknown(reason + ": the message may have been sent; not sent again", PROVIDER);
        }
        if (status >= 500) {
            return new DeliveryResult.Failed(reason);
        }
        if (status == 401 || status == 403) {
            return ProviderHttp.accountRefused(reason
                    + " (check HOOKPOINT_INFOBIP_API_KEY, its scopes, and HOOKPOINT_INFOBIP_URL)");
        }
        if (status == 400) {
            return new DeliveryResult.Rejected(reason, PROVIDER, code);
        }
        return ProviderHttp.undocumented(reason);
    }

    // one message, one destination: the answer's first message is ours
    private static DeliveryResult accepted(JsonObject json) {
        JsonObject message = json.get("messages") instanceof JsonArray messages && !messages.isEmpty()
                && messages.get(0) instanceof JsonObject first ? first : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject status = object(message, "status");
        Integer group = integer(status, "groupId");
        if (group != null && REFUSED_GROUPS.contains(group)) {
            String name = ProviderHttp.text(status, "name");
            String description = ProviderHttp.text(status, "description");
            return new DeliveryResult.Rejected("Infobip refused the message: " + ProviderHttp.text(status, "groupName")
                    + " " + name + (description == null ? "" : ": " + ProviderHttp.shortened(description)),
                    PROVIDER, name);
        }
        Integer segments = integer(message, "smsCount");
        return new DeliveryResult.Sent(PROVIDER, ProviderHttp.text(message, "messageId"),
                segments != null && segments >= 0 ? segments : null, null, null);
    }

    private static JsonObject object(JsonObject json, String name) {
        return json.get(name) instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Integer integer(JsonObject json, String name) {
        return json.get(name) instanceof JsonNumber n && n.isIntegral() && n.longValue() == n.intValue()
                ? n.intValue() : null;
    }
}
