package io.hookpoint.lab;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.hookpoint.lab.LabChecks.Check;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** The lab's report: every customer's outcome, the checks, latency and throughput; as text and as JSON. */
public final class LabReport {
    private final LabOptions options;
    private final LabChecks checks;
    private final Timeline timeline;
    private final Ledger ledger;
    private final int providerCalls;
    private final long callbackRetries;
    private final long events;
    private final Path directory;
    private final String refusedCode;
    private final String undeliveredCode;
    private final double callbackMillis;
    private final double callbackSlowestMillis;

    LabReport(LabOptions options, LabChecks checks, Timeline timeline, Ledger ledger, int providerCalls,
              long callbackRetries, long events, Path directory, String refusedCode, String undeliveredCode,
              double callbackMillis, double callbackSlowestMillis) {
        this.refusedCode = refusedCode;
        this.undeliveredCode = undeliveredCode;
        this.callbackMillis = callbackMillis;
        this.callbackSlowestMillis = callbackSlowestMillis;
        this.options = options;
        this.checks = checks;
        this.timeline = timeline;
        this.ledger = ledger;
        this.providerCalls = providerCalls;
        this.callbackRetries = callbackRetries;
        this.events = events;
        this.directory = directory;
    }

    /** Whether every check passed. */
    public boolean passed() {
        return checks.passed();
    }

    /** Whether one check passed. */
    public boolean passed(String id) {
        return checks.checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().passed();
    }

    /** The ids of the failed checks. */
    public java.util.List<String> failed() {
        return checks.checks.stream().filter(c -> !c.passed()).map(Check::id).toList();
    }

    /** Messages sent twice by the crash (in a provider call at the moment of the kill). */
    public long crashDuplicates() {
        return checks.crashDuplicates;
    }

    /** The outcome of every customer-message, by outcome. */
    public Map<String, Long> outcomes() {
        return checks.orderedOutcomes();
    }

    Timeline timeline() {
        return timeline;
    }

    LabOptions options() {
        return options;
    }

    /** The report as text. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Campaign lab: Bloomreach -> Hookpoint -> ").append(options.provider()).append(" stub -> Hookpoint -> Tracking API stub\n");
        out.append(String.format("%d customers x 2 messages (the second after STOP replies), %s, concurrency %d, %.0f s%s%n",
                options.customers(), options.batchSize() > 0 ? "batches of " + options.batchSize() : "per-customer webhook",
                options.concurrency(), timeline.seconds(), options.fault().map(f -> ", BROKEN VARIANT " + f.label()).orElse("")));
        out.append(String.format("The %s stub refuses a number with %s and reports an unreachable handset with %s%n",
                options.provider(), refusedCode, undeliveredCode));
        timeline.marks().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.append(String.format("  at %6.1f s  %s%n", e.getValue() / 1000.0, e.getKey())));
        out.append("\nEvery customer-message:\n");
        long total = 0;
        for (var e : checks.orderedOutcomes().entrySet()) {
            out.append(String.format("  %-48s %9d%n", e.getKey(), e.getValue()));
            total += e.getValue();
        }
        out.append(String.format("  %-48s %9d%n%n", "total", total));
        for (Check check : checks.checks) {
            out.append(String.format("  %s  %-62s %s%n", check.passed() ? "PASS" : "FAIL", check.title(), check.measured()));
            if (!check.passed()) {
                check.examples().forEach(e -> out.append("          e.g. ").append(e).append('\n'));
            }
        }
        out.append(String.format("%nWebhook to delivered event: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d messages%n",
                checks.percentile(50), checks.percentile(99), checks.percentile(100), checks.latency.length));
        out.append("Throughput (messages/s, average over active seconds / peak second):\n");
        for (Timeline.Hop hop : Timeline.Hop.values()) {
            TreeMap<Long, Long> series = timeline.series(hop);
            out.append(String.format("  %-34s %8.0f / %6d   (%d in all)%n", hop.label, average(series),
                    series.values().stream().mapToLong(Long::longValue).max().orElse(0), timeline.total(hop)));
        }
        out.append(String.format("Requests %d (%d Bloomreach retries, %d duplicates), provider calls %d, callback retries %d, events %d%n",
                ledger.requests.get(), ledger.retries.get(), ledger.duplicates.get(), providerCalls, callbackRetries, events));
        out.append(String.format("Hookpoint answered a callback in %.0f ms on average (slowest %.0f ms), at most %d in flight%n",
                callbackMillis, callbackSlowestMillis, Callbacks.IN_FLIGHT));
        out.append("Files: ").append(directory).append(" (hookpoint.log, lab-report.html)\n");
        out.append(passed() ? "\nRESULT: PASS, every customer accounted for\n"
                : "\nRESULT: FAIL, " + String.join(", ", failed()) + "\n");
        return out.toString();
    }

    /** The report as JSON. */
    public String json() {
        JsonObjectBuilder outcomes = JsonBodies.JSON.createObjectBuilder();
        checks.orderedOutcomes().forEach(outcomes::add);
        JsonArrayBuilder list = JsonBodies.JSON.createArrayBuilder();
        for (Check check : checks.checks) {
            JsonArrayBuilder examples = JsonBodies.JSON.createArrayBuilder();
            check.examples().forEach(examples::add);
            list.add(JsonBodies.JSON.createObjectBuilder().add("id", check.id()).add("title", check.title())
                    .add("passed", check.passed()).add("measured", check.measured()).add("examples", examples));
        }
        JsonObjectBuilder throughput = JsonBodies.JSON.createObjectBuilder();
        for (Timeline.Hop hop : Timeline.Hop.values()) {
            TreeMap<Long, Long> series = timeline.series(hop);
            throughput.add(hop.name().toLowerCase(java.util.Locale.ROOT), JsonBodies.JSON.createObjectBuilder()
                    .add("total", timeline.total(hop)).add("average_per_second", Math.round(average(series)))
                    .add("peak_per_second", series.values().stream().mapToLong(Long::longValue).max().orElse(0)));
        }
        return JsonBodies.JSON.createObjectBuilder().add("passed", passed()).add("customers", options.customers())
                .add("seconds", Math.round(timeline.seconds())).add("outcomes", outcomes).add("checks", list)
                .add("crash_duplicates", checks.crashDuplicates).add("provider", options.provider())
                .add("provider_codes", JsonBodies.JSON.createObjectBuilder().add("refused", refusedCode).add("undelivered", undeliveredCode))
                .add("callback_answer_ms", JsonBodies.JSON.createObjectBuilder().add("mean", Math.round(callbackMillis))
                        .add("max", Math.round(callbackSlowestMillis)))
                .add("webhook_to_delivered_ms", JsonBodies.JSON.createObjectBuilder().add("p50", checks.percentile(50))
                        .add("p99", checks.percentile(99)).add("max", checks.percentile(100)))
                .add("throughput", throughput).build().toString();
    }

    static double average(TreeMap<Long, Long> series) {
        if (series.isEmpty()) {
            return 0;
        }
        long active = series.lastKey() - series.firstKey() + 1;
        return series.values().stream().mapToLong(Long::longValue).sum() / (double) active;
    }
}
