package io.hookpoint.sms;

import java.io.StringReader;
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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
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

        JsonArrayBuilder results = JsonBodies.JSON.createArrayBuilder();
        int next = 0;
        for (Object slot : slots) {
            if (slot instanceof Problem problem) {
                // such an item has no usable key, so there is none to echo
                JsonObjectBuilder result = JsonBodies.JSON.createObjectBuilder().add("replayed", false);
                copy(result, read(Answers.errorBody(List.of(problem))));
                results.add(result);
            } else {
                SmsAcceptance.Request request = (SmsAcceptance.Request) slot;
                IdempotentAnswer answer = answers.get(next++);
                JsonObjectBuilder result = JsonBodies.JSON.createObjectBuilder()
                        .add("key", request.key())
                        .add("replayed", answer.replayed());
                copy(result, read(answer.body()));
                results.add(result);
            }
        }
        return JsonBodies.JSON.createObjectBuilder()
                .add("success", true)
                .add("results", results)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
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

    private static void copy(JsonObjectBuilder into, JsonObject from) {
        from.forEach(into::add);
    }

    private static JsonObject read(byte[] json) {
        try (JsonReader reader = JsonBodies.JSON.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }
}
