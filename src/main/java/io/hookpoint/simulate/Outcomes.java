package io.hookpoint.simulate;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.simulate.Campaign.Result;
import io.hookpoint.simulate.Campaign.Settled;
import io.hookpoint.simulate.Campaign.Unit;
import io.hookpoint.simulate.EndpointClient.Exchange;
import io.hookpoint.simulate.SyntheticCustomers.Customer;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The campaign's outcome bookkeeping: counts every exchange and every settled request into the
 * {@link Campaign.Result}, and decides when Bloomreach would stop the webhook or abort the campaign.
 */
final class Outcomes {
    private final SimulationOptions options;
    private final Latencies latencies = new Latencies();
    private final Result result = new Result();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();

    Outcomes(SimulationOptions options) {
        this.options = options;
    }

    Result result() {
        return result;
    }

    Latencies latencies() {
        return latencies;
    }

    /** Whether the webhook was stopped or the campaign aborted: nothing more is sent. */
    boolean halted() {
        return stopped.get() || aborted.get();
    }

    /** Books a request that was not sent (or not settled) because the campaign had halted. */
    void cancelled(Unit unit) {
        (aborted.get() ? result.aborted : result.stopped).addAndGet(unit.customers().size());
    }

    /** Counts one exchange, retries included: its status, its latency and whether it answered in JSON. */
    void record(Exchange exchange) {
        result.requests.incrementAndGet();
        latencies.add(exchange.millis());
        String status = exchange.answered() ? String.valueOf(exchange.status())
                : exchange.timedOut() ? "timeout" : "connection error";
        result.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (!exchange.answered()) {
            (exchange.timedOut() ? result.timeouts : result.connectionErrors).incrementAndGet();
            return;
        }
        result.answers.incrementAndGet();
        if (json(exchange) != null) {
            result.jsonAnswers.incrementAndGet();
        } else {
            result.note(result.nonJson, exchange.status() + " " + exchange.contentType() + ": "
                    + abbreviate(exchange.body()));
        }
    }

    /** Books a settled request's customers as delivered or failed; a stop or too many failures halt the campaign. */
    void book(Unit unit, Settled settled) {
        int size = unit.customers().size();
        if (settled.attempts() > 1) {
            result.customersRetried.addAndGet(size);
        }
        checkBadData(unit, settled.exchange());
        switch (settled.reaction()) {
        case DELIVERED -> {
            result.delivered.addAndGet(size);
            result.deliveredWithErrors.addAndGet(unsuccessful(settled.exchange()));
        }
        case STOP -> {
            result.failed.addAndGet(size);
            if (stopped.compareAndSet(false, true)) {
                result.stopReason = unit.describe() + " was answered " + settled.exchange().status()
                        + ": Bloomreach stops the webhook for all chunks";
            }
        }
        default -> {
            result.failed.addAndGet(size);
            if (result.unrecoverable.addAndGet(size) >= options.abortAfter() && aborted.compareAndSet(false, true)) {
                result.abortReason = result.unrecoverable.get() + " unrecoverable errors (limit "
                        + options.abortAfter() + "), the last: " + unit.describe() + " "
                        + (settled.exchange().answered() ? "answered " + settled.exchange().status()
                        : settled.exchange().failure()) + (settled.reaction() == BloomreachReaction.RETRY
                        ? " after " + settled.attempts() + " attempts" : "");
            }
        }
        }
    }

    /** Counts what became of a customer's second (and later) message; a first message is not counted. */
    void repeat(Unit unit, Exchange exchange) {
        if (unit.send() > 1) {
            RepeatSends.count(result, unit.describe(), exchange, unit.customers().size());
        }
    }

    /** Compares the answers to a request and its duplicate: the same status and body, or a problem noted. */
    void compare(Unit unit, Settled original, Settled duplicate, String how) {
        result.duplicates.incrementAndGet();
        Exchange a = original.exchange();
        Exchange b = duplicate.exchange();
        boolean same = a != null && b != null && a.answered() && b.answered() && a.status() == b.status()
                && sameBody(a, b);
        if (same) {
            result.duplicatesConsistent.incrementAndGet();
        } else {
            result.note(result.duplicateProblems, unit.describe() + " " + how + ": "
                    + summary(a) + " vs " + summary(b));
        }
    }

    /** Notes a duplicate that could not be sent. */
    void duplicateFailed(Unit unit, Throwable cause) {
        result.note(result.duplicateProblems, unit.describe() + ": duplicate failed: " + cause);
    }

    private void checkBadData(Unit unit, Exchange exchange) {
        long bad = unit.customers().stream().filter(Customer::badData).count();
        if (bad == 0) {
            return;
        }
        result.badData.addAndGet(bad);
        if (exchange.answered() && exchange.status() >= 200 && exchange.status() < 300) {
            result.badDataAnswered2xx.addAndGet(bad);
        } else {
            Customer first = unit.customers().stream().filter(Customer::badData).findFirst().orElseThrow();
            result.note(result.badDataProblems, first.id() + " (" + first.problem() + ") got "
                    + (exchange.answered() ? exchange.status() + " " + abbreviate(exchange.body()) : exchange.failure()));
        }
    }

    // equal bodies; as JSON, a "replayed" marker may differ (Hookpoint's batch items carry one)
    private static boolean sameBody(Exchange a, Exchange b) {
        JsonValue x = json(a);
        JsonValue y = json(b);
        if (x == null || y == null) {
            return a.body().equals(b.body());
        }
        return withoutReplayed(x).equals(withoutReplayed(y));
    }

    private static JsonValue withoutReplayed(JsonValue value) {
        if (value instanceof JsonObject object) {
            var copy = JsonBodies.JSON.createObjectBuilder();
            object.forEach((name, member) -> {
                if (!name.equals("replayed")) {
                    copy.add(name, withoutReplayed(member));
                }
            });
            return copy.build();
        }
        if (value instanceof JsonArray array) {
            var copy = JsonBodies.JSON.createArrayBuilder();
            array.forEach(item -> copy.add(withoutReplayed(item)));
            return copy.build();
        }
        return value;
    }

    private static long unsuccessful(Exchange exchange) {
        JsonValue body = json(exchange);
        if (!(body instanceof JsonObject object)) {
            return 0;
        }
        if (object.get("results") instanceof JsonArray items) {
            return items.stream().filter(item -> item instanceof JsonObject o && o.get("success") == JsonValue.FALSE)
                    .count();
        }
        return object.get("success") == JsonValue.FALSE ? 1 : 0;
    }

    /**
     * The answer's body as JSON.
     *
     * @param exchange an exchange, or null
     * @return the parsed body, or null when there is no answer, no body or no JSON
     */
    static JsonValue json(Exchange exchange) {
        if (exchange == null || !exchange.answered() || exchange.body().isBlank()) {
            return null;
        }
        try {
            return JsonBodies.parse(exchange.body().getBytes(StandardCharsets.UTF_8));
        } catch (JsonBodies.MalformedJsonException e) {
            return null;
        }
    }

    private static String summary(Exchange exchange) {
        if (exchange == null) {
            return "no answer";
        }
        return exchange.answered() ? exchange.status() + " " + abbreviate(exchange.body()) : exchange.failure();
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }
}
