package io.hookpoint.sms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.idempotency.IdempotencyKey;
import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The items of a batch webhook: each item's key checked, the usable items accepted together, and one
 * result per item in input order, each in the shape of the per-customer answer plus its key and
 * whether it was replayed.
 */
final class SmsBatch {
    private SmsBatch() {
    }

    /**
     * Accepts the items of a batch and writes the batch answer.
     *
     * @param user       the authenticated user
     * @param items      the {@code messages} array
     * @param acceptance accepts the usable items
     * @return the answer body
     */
    static byte[] answer(String user, JsonArray items, SmsAcceptance acceptance) {
        List<SmsAcceptance.Request> usable = new ArrayList<>();
        List<Object> slots = new ArrayList<>(items.size());
        for (JsonValue item : items) {
            Optional<Problem> problem = problem(item);
            if (problem.isPresent()) {
                slots.add(problem.get());
            } else {
                JsonObject object = item.asJsonObject();
                SmsAcceptance.Request request = new SmsAcceptance.Request(object.getString("key"), object);
                usable.add(request);
                slots.add(request);
            }
        }
        List<IdempotentAnswer> answers = usable.isEmpty() ? List.of() : acceptance.acceptAll(user, usable);

        // each result is the item's own answer (fresh, or the stored bytes of a replay) with the key and
        // the replay flag put in front: composed as bytes, never parsed back
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 256 * slots.size());
        out.writeBytes(ascii("{\"success\":true,\"results\":["));
        int next = 0;
        for (int i = 0; i < slots.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            if (slots.get(i) instanceof Problem problem) {
                // such an item has no usable key, so there is none to echo
                result(out, null, false, Answers.errorBody(List.of(problem)));
            } else {
                IdempotentAnswer answer = answers.get(next++);
                result(out, ((SmsAcceptance.Request) slots.get(i)).key(), answer.replayed(), answer.body());
            }
        }
        out.writeBytes(ascii("]}"));
        return out.toByteArray();
    }

    private static void result(ByteArrayOutputStream out, String key, boolean replayed, byte[] answer) {
        // an answer is a JSON object with members: "{" + members + "}"
        if (answer.length < 3 || answer[0] != '{' || answer[answer.length - 1] != '}') {
            throw new IllegalStateException("An item's answer is not a JSON object with members");
        }
        out.write('{');
        if (key != null) {
            out.writeBytes(ascii("\"key\":"));
            out.writeBytes(JsonBodies.JSON.createValue(key).toString().getBytes(StandardCharsets.UTF_8));
            out.write(',');
        }
        out.writeBytes(ascii("\"replayed\":" + replayed + ","));
        out.write(answer, 1, answer.length - 1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Optional<Problem> problem(JsonValue item) {
        if (item.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.of(Problem.of(ErrorCode.ITEM_NOT_OBJECT));
        }
        JsonValue key = item.asJsonObject().get("key");
        if (key == null || key.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.of(Problem.of(ErrorCode.ITEM_KEY_MISSING));
        }
        if (key.getValueType() != JsonValue.ValueType.STRING
                || IdempotencyKey.validate(((JsonString) key).getString()).isEmpty()) {
            return Optional.of(new Problem(ErrorCode.ITEM_KEY_MALFORMED, "Batch item key is malformed: use 1 to "
                    + IdempotencyKey.MAX_LENGTH + " printable ASCII characters."));
        }
        return Optional.empty();
    }
}
