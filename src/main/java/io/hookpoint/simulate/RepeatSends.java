package io.hookpoint.simulate;

import io.hookpoint.simulate.EndpointClient.Exchange;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Counts what became of a customer's second (and later) message: sent, or swallowed by its key, that
 * is answered as a replay of the first message or refused because the key was already used with
 * another text ({@code 422}, error 2007). A key built without a per-send part swallows them.
 */
final class RepeatSends {
    private static final int KEY_REUSED = 422;
    private static final int KEY_REUSED_CODE = 2007;

    private RepeatSends() {
    }

    /**
     * Counts the messages of one request that are not a customer's first.
     *
     * @param result   where to count
     * @param unit     the request's customers, for the notes
     * @param exchange the final answer (after retries)
     * @param size     how many messages the request carried
     */
    static void count(Campaign.Result result, String unit, Exchange exchange, int size) {
        result.repeatSends.addAndGet(size);
        if (exchange == null || !exchange.answered()) {
            return;
        }
        if (exchange.status() == KEY_REUSED) {
            result.repeatKeyReused.addAndGet(size);
            result.note(result.repeatProblems, unit + " answered 422 (key already used with another text): never sent");
            return;
        }
        if (exchange.status() / 100 != 2) {
            return;
        }
        if (Outcomes.json(exchange) instanceof JsonObject body && body.get("results") instanceof JsonArray items) {
            for (JsonValue item : items) {
                if (!(item instanceof JsonObject object)) {
                    continue;
                }
                if (object.get("replayed") == JsonValue.TRUE) {
                    result.repeatReplayed.incrementAndGet();
                    result.note(result.repeatProblems, unit + ": item " + object.getString("key", "?")
                            + " answered as a replay of the first message: never sent");
                } else if (hasCode(object, KEY_REUSED_CODE)) {
                    result.repeatKeyReused.incrementAndGet();
                    result.note(result.repeatProblems, unit + ": item " + object.getString("key", "?")
                            + " refused, key already used with another text: never sent");
                } else {
                    result.repeatSent.incrementAndGet();
                }
            }
            return;
        }
        if (exchange.replayed()) {
            result.repeatReplayed.addAndGet(size);
            result.note(result.repeatProblems, unit + " answered as a replay of the first message: never sent");
        } else {
            result.repeatSent.addAndGet(size);
        }
    }

    /**
     * Of two answers to copies of one request sent at once, the one that shows the message sent, if any.
     *
     * @param a one answer (may be null when cancelled)
     * @param b the other
     * @return the answer with fewer messages swallowed
     */
    static Exchange lessSwallowed(Exchange a, Exchange b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return swallowed(b) < swallowed(a) ? b : a;
    }

    private static long swallowed(Exchange exchange) {
        Campaign.Result tally = new Campaign.Result();
        count(tally, "", exchange, 1);
        return tally.repeatReplayed.get() + tally.repeatKeyReused.get();
    }

    private static boolean hasCode(JsonObject item, int code) {
        return item.get("errors") instanceof JsonArray errors && errors.stream()
                .anyMatch(e -> e instanceof JsonObject error && error.get("code") instanceof JsonNumber n
                        && n.intValue() == code);
    }
}
