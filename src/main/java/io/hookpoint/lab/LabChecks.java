package io.hookpoint.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.hookpoint.lab.Ledger.Answer;
import io.hookpoint.lab.TrackingLab.Event;
import io.hookpoint.lab.ProviderStub.Call;
import io.hookpoint.lab.ProviderStub.Fate;

/**
 * Accounts for every customer of every round and runs the lab's checks on what the four parties saw:
 * Bloomreach's answers ({@link Ledger}), Hookpoint's stored messages (read from its store after it
 * stopped), the provider's calls, fates and STOPs ({@link ProviderStub}) and the Tracking API's events
 * ({@link TrackingLab}).
 */
final class LabChecks {
    /** One check: its id, what it says, whether it passed, what was measured, examples of what was wrong. */
    record Check(String id, String title, boolean passed, String measured, List<String> examples) {
    }

    /** Hookpoint's stored message. */
    record Stored(String messageId, String customerId, String round, String recipient, String status,
                  String providerErrorCode, String lastError, int attempts) {
    }

    /** The lost categories: a customer in one of these is not accounted for. */
    static final List<String> LOST = List.of("no answer recorded", "accepted but not stored", "stuck in ");

    final Map<String, Long> outcomes = new TreeMap<>();
    final List<Check> checks = new ArrayList<>();
    long crashDuplicates;
    double[] latency = new double[0];

    private final Map<String, Stored> stored;

    LabChecks(LabOptions options, Population population, Ledger ledger, Map<String, Stored> stored,
              List<Call> calls, Map<String, Fate> fates, Map<String, Long> stops, Map<String, List<Event>> events,
              Crash crash) {
        this.stored = stored;
        accounted(options, population, ledger);
        noDoubleSend(calls, crash);
        noSendAfterStop(calls, stops);
        providerMatches(fates);
        eventsMatch(events);
        webhook(options, ledger);
        latency(options, ledger, events);
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    private void accounted(LabOptions options, Population population, Ledger ledger) {
        long lost = 0;
        long wrongCode = 0;
        List<String> examples = new ArrayList<>();
        for (int round = 1; round <= ledger.rounds(); round++) {
            for (int n = 1; n <= options.customers(); n++) {
                Answer answer = ledger.get(round, n);
                String outcome = outcome(answer);
                outcomes.merge(outcome, 1L, Long::sum);
                if (LOST.stream().anyMatch(outcome::startsWith)) {
                    lost++;
                    example(examples, "customer " + n + " round " + round + ": " + outcome);
                }
                int expected = population.customer(n, round).badCode();
                boolean refusedBad = answer != null && answer.kind() == Ledger.Kind.REFUSED && answer.code() != 1012;
                if (expected != 0 ? !(answer != null && answer.kind() == Ledger.Kind.REFUSED && answer.code() == expected)
                        : refusedBad) {
                    wrongCode++;
                    example(examples, "customer " + n + " round " + round + ": bad data " + expected + " but " + outcome);
                }
            }
        }
        long total = (long) options.customers() * ledger.rounds();
        checks.add(new Check("accounted", "every customer accounted for, none lost", lost == 0 && wrongCode == 0,
                (total - lost) + " of " + total + " customer-messages accounted for, " + lost + " lost, "
                        + wrongCode + " with an unexpected code", examples));
    }

    private String outcome(Answer answer) {
        if (answer == null) {
            return "no answer recorded";
        }
        return switch (answer.kind()) {
            case STOPPED -> "webhook stopped by " + answer.code();
            case FAILED -> "failed at Bloomreach (" + (answer.code() == 0 ? "no answer" : answer.code()) + ")";
            case REFUSED -> answer.code() == 1012 ? "refused: opted out (1012)" : "refused: bad data (" + answer.code() + ")";
            case ACCEPTED -> {
                Stored message = stored.get(answer.messageId());
                if (message == null) {
                    yield "accepted but not stored";
                }
                yield switch (message.status()) {
                    case "delivered" -> "delivered to handset";
                    case "undelivered" -> "undelivered (" + message.providerErrorCode() + ")";
                    case "failed" -> message.lastError() != null && message.lastError().startsWith("1012")
                            ? "withheld: opted out after acceptance (1012)"
                            : message.providerErrorCode() != null ? "failed: provider refused (" + message.providerErrorCode() + ")"
                            : "failed: " + shortened(message.lastError());
                    default -> "stuck in " + message.status();
                };
            }
        };
    }

    // the message was in the killed process's hands, its outcome not committed (the store said `sending` once
    // the process was dead), the first call was the killed process's (a call the stub saw start between the
    // kill and the relaunch was sent just before the kill, its handler scheduled late on a loaded machine; the
    // relaunch waits until the stub has been quiet for a second), and
    // the repeat is the new process's: at least once, as promised. A repeat of a message whose outcome the
    // store held is a double send, however close to the kill
    private static boolean straddlesTheCrash(String messageId, Call before, Call after, Crash crash) {
        return crash.inFlight().contains(messageId) && before.startMillis() < crash.relaunchMillis()
                && after.startMillis() >= crash.relaunchMillis();
    }

    // a call after the provider took or refused the message is a second send, unless it straddles the crash
    private void noDoubleSend(List<Call> calls, Crash crash) {
        long killMillis = crash.killMillis();
        Map<String, List<Call>> byMessage = new HashMap<>();
        calls.stream().filter(c -> !c.messageId().isEmpty())
                .forEach(c -> byMessage.computeIfAbsent(c.messageId(), k -> new ArrayList<>()).add(c));
        long twice = 0;
        List<String> examples = new ArrayList<>();
        for (var entry : byMessage.entrySet()) {
            List<Call> list = entry.getValue();
            list.sort(Comparator.comparingLong(Call::startMillis));
            for (int i = 1; i < list.size(); i++) {
                Call before = list.get(i - 1);
                Call after = list.get(i);
                if (!(before.taken() || before.refused())) {
                    continue;
                }
                if (killMillis > 0 && straddlesTheCrash(entry.getKey(), before, after, crash)) {
                    crashDuplicates++;
                } else {
                    twice++;
                    // the times say whether the pair straddled the kill (calls: provider-calls.csv)
                    long from = killMillis > 0 ? killMillis : before.startMillis();
                    example(examples, "message " + entry.getKey() + " to " + after.phone() + " called again after "
                            + before.status() + (before.code() == null ? "" : " (" + before.code() + ")") + ": calls at "
                            + (before.startMillis() - from) + ".." + (before.endMillis() - from) + " and "
                            + (after.startMillis() - from) + " ms" + (killMillis > 0 ? " from the kill (relaunch at "
                            + (crash.relaunchMillis() - from) + " ms; in Hookpoint's hands at the kill: "
                            + (crash.inFlight().contains(entry.getKey()) ? "yes" : "no") + ")" : ""));
                }
            }
        }
        // one message per customer and round: Bloomreach's duplicates must not become a second message
        Map<String, Long> perCustomerRound = new HashMap<>();
        stored.values().forEach(m -> perCustomerRound.merge(m.customerId() + "/" + m.round(), 1L, Long::sum));
        long extraMessages = perCustomerRound.values().stream().mapToLong(n -> n - 1).sum();
        perCustomerRound.entrySet().stream().filter(e -> e.getValue() > 1).limit(3)
                .forEach(e -> example(examples, e.getKey() + " has " + e.getValue() + " messages"));
        checks.add(new Check("no-double-send", "no message sent twice (except in a provider call at the crash)",
                twice == 0 && extraMessages == 0, twice + " repeated provider calls, " + extraMessages
                + " extra messages for one customer's send, " + crashDuplicates + " in a call at the moment of the crash",
                examples));
    }

    private void noSendAfterStop(List<Call> calls, Map<String, Long> stops) {
        long after = 0;
        List<String> examples = new ArrayList<>();
        for (Call call : calls) {
            Long stop = stops.get(call.phone());
            if (stop != null && call.startMillis() > stop) {
                after++;
                example(examples, call.phone() + " called " + (call.startMillis() - stop) + " ms after its STOP was acknowledged");
            }
        }
        checks.add(new Check("no-send-after-stop", "nothing sent to a number after its STOP", after == 0,
                stops.size() + " numbers replied STOP; " + after + " provider calls to them afterwards", examples));
    }

    private void providerMatches(Map<String, Fate> fates) {
        long wrong = 0;
        List<String> examples = new ArrayList<>();
        for (var entry : fates.entrySet()) {
            String expected = entry.getValue().status().equals("rejected") ? "failed" : entry.getValue().status();
            Stored message = stored.get(entry.getKey());
            String actual = message == null ? "missing" : message.status();
            if (!expected.equals(actual)) {
                wrong++;
                example(examples, "message " + entry.getKey() + ": provider says " + entry.getValue().status()
                        + ", Hookpoint says " + actual);
            }
        }
        checks.add(new Check("provider-matches", "Hookpoint's status is the provider's final word", wrong == 0,
                (fates.size() - wrong) + " of " + fates.size() + " messages the provider settled match", examples));
    }

    private void eventsMatch(Map<String, List<Event>> events) {
        long wrong = 0;
        long compared = 0;
        List<String> examples = new ArrayList<>();
        for (Stored message : stored.values()) {
            if (!List.of("sent", "delivered", "undelivered", "failed").contains(message.status())) {
                continue;
            }
            compared++;
            List<Event> list = events.getOrDefault(message.messageId(), List.of());
            // as Bloomreach reads a customer's events: the latest timestamp is the last word (an event exported
            // again, at least once, carries the same timestamp; ties go to the later arrival)
            Event last = null;
            for (Event event : list) {
                if (last == null || event.atMillis() >= last.atMillis()) {
                    last = event;
                }
            }
            if (last == null || !last.status().equals(message.status())) {
                wrong++;
                example(examples, "message " + message.messageId() + ": Hookpoint says " + message.status()
                        + ", Bloomreach saw " + list.stream().map(Event::status).toList());
            }
        }
        checks.add(new Check("events-match", "Bloomreach's events match Hookpoint's status", wrong == 0,
                (compared - wrong) + " of " + compared + " messages match", examples));
    }

    private void webhook(LabOptions options, Ledger ledger) {
        long stopped = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("webhook stopped"))
                .mapToLong(Map.Entry::getValue).sum();
        long failed = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("failed at Bloomreach"))
                .mapToLong(Map.Entry::getValue).sum();
        checks.add(new Check("webhook", "no webhook stopped or customer failed by a status code", stopped == 0 && failed == 0,
                stopped + " stopped, " + failed + " failed at Bloomreach, " + ledger.retries.get() + " retries", List.of()));
        checks.add(new Check("duplicates", "duplicate deliveries answered the same", 
                ledger.duplicates.get() == ledger.duplicatesConsistent.get(),
                ledger.duplicatesConsistent.get() + " of " + ledger.duplicates.get() + " consistent", ledger.notes()));
    }

    private void latency(LabOptions options, Ledger ledger, Map<String, List<Event>> events) {
        List<Double> millis = new ArrayList<>();
        for (int round = 1; round <= ledger.rounds(); round++) {
            for (int n = 1; n <= options.customers(); n++) {
                Answer answer = ledger.get(round, n);
                if (answer == null || answer.messageId() == null) {
                    continue;
                }
                events.getOrDefault(answer.messageId(), List.of()).stream().filter(e -> e.status().equals("delivered"))
                        .mapToLong(Event::arrivedMillis).min()
                        .ifPresent(at -> millis.add((double) (at - answer.sentMillis())));
            }
        }
        latency = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** A percentile of the webhook-to-delivered-event times, in ms (0 when there are none). */
    double percentile(double p) {
        if (latency.length == 0) {
            return 0;
        }
        return latency[(int) Math.min(latency.length - 1, Math.ceil(p / 100 * latency.length) - 1)];
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 5) {
            examples.add(example);
        }
    }

    private static String shortened(String text) {
        if (text == null) {
            return "(no reason)";
        }
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    /** The outcomes in the order of the report. */
    Map<String, Long> orderedOutcomes() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        outcomes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
