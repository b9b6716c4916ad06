package io.hookpoint.optout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.sms.Recipient;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;
import io.hookpoint.web.RequestBodies;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The operators' admin API of the suppression list, under {@code /admin/v1} (admin role only, see
 * {@code auth/RoleGuard}): list (paged by number), add one number, remove one number. Adding and removing
 * write consent events as the replies do (source {@code admin}).
 */
public final class SuppressionsEndpoint {
    /** Largest page. */
    static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_LIMIT = 100;

    private final Suppressions suppressions;
    private final RequestBodies bodies;
    private final Answers answers;

    /**
     * Creates the endpoint.
     *
     * @param suppressions the list
     * @param bodies       the body limit
     * @param answers      writes the answers
     */
    public SuppressionsEndpoint(Suppressions suppressions, RequestBodies bodies, Answers answers) {
        this.suppressions = suppressions;
        this.bodies = bodies;
        this.answers = answers;
    }

    /** The handlers, by the contract's operation ids. */
    public Map<String, Handler> handlers() {
        return Map.of("listSuppressions", this::list, "addSuppression", this::add,
                "removeSuppression", this::remove);
    }

    private void list(ServerRequest request, ServerResponse response) {
        String after = request.query().first("after").orElse("");
        String limitText = request.query().first("limit").orElse(String.valueOf(DEFAULT_LIMIT));
        if (!limitText.matches("[0-9]{1,4}") || Integer.parseInt(limitText) < 1
                || Integer.parseInt(limitText) > MAX_LIMIT || after.length() > 32) {
            answers.sendError(response, new Problem(ErrorCode.BODY_NOT_OBJECT,
                    "limit must be 1 to " + MAX_LIMIT + ", after a number of the previous page."));
            return;
        }
        int limit = Integer.parseInt(limitText);
        List<SuppressionList.Entry> page = suppressions.page(after, limit);
        var items = JsonBodies.JSON.createArrayBuilder();
        page.forEach(entry -> items.add(entry(entry)));
        JsonObjectBuilder result = JsonBodies.JSON.createObjectBuilder().add("suppressions", items);
        if (page.size() == limit) {
            result.add("next", page.getLast().number());
        }
        answers.send(response, 200, ok(result));
    }

    private void add(ServerRequest request, ServerResponse response) {
        if (!RequestBodies.isJson(request)) {
            bodies.discard(request);
            answers.sendError(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        byte[] body;
        try {
            body = bodies.read(request);
        } catch (RequestBodies.BodyTooLargeException e) {
            answers.sendError(response, bodies.tooLarge());
            return;
        }
        JsonValue value;
        try {
            value = JsonBodies.parse(body);
        } catch (JsonBodies.MalformedJsonException e) {
            answers.sendError(response, ErrorCode.BODY_NOT_JSON);
            return;
        }
        Optional<String> number = value instanceof JsonObject object && object.get("number") instanceof JsonString s
                && s.getString().length() <= 32 ? Recipient.normalize(s.getString()) : Optional.empty();
        if (number.isEmpty()) {
            answers.sendError(response, new Problem(ErrorCode.BODY_NOT_OBJECT,
                    "Request body must be an object with 'number', an E.164 phone number."));
            return;
        }
        boolean changed = suppressions.suppress(number.get(), Suppressions.Source.ADMIN, null);
        answers.send(response, 200, ok(state(number.get(), changed)));
    }

    private void remove(ServerRequest request, ServerResponse response) {
        String raw = request.path().pathParameters().get("number");
        Optional<String> number = raw.length() <= 32 ? Recipient.normalize(raw) : Optional.empty();
        if (number.isEmpty()) {
            answers.sendError(response, new Problem(ErrorCode.NOT_FOUND, "No such number: not an E.164 phone number."));
            return;
        }
        boolean changed = suppressions.release(number.get(), Suppressions.Source.ADMIN, null);
        answers.send(response, 200, ok(state(number.get(), changed)));
    }

    private JsonObjectBuilder state(String number, boolean changed) {
        SuppressionList.Entry entry = suppressions.find(number);
        JsonObjectBuilder result = entry == null
                ? JsonBodies.JSON.createObjectBuilder().add("number", number).add("suppressed", false)
                : entry(entry);
        return result.add("changed", changed);
    }

    private static JsonObjectBuilder entry(SuppressionList.Entry entry) {
        JsonObjectBuilder item = JsonBodies.JSON.createObjectBuilder()
                .add("number", entry.number())
                .add("suppressed", entry.suppressed())
                .add("source", entry.source())
                .add("changed_at", java.time.Instant.ofEpochMilli(entry.changedAt()).toString());
        if (entry.provider() != null) {
            item.add("provider", entry.provider());
        }
        return item;
    }

    private static byte[] ok(JsonObjectBuilder result) {
        return JsonBodies.JSON.createObjectBuilder().add("success", true).add("result", result).build().toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
