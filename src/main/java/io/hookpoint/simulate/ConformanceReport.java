package io.hookpoint.simulate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.simulate.EndpointClient.Exchange;
import io.hookpoint.web.JsonBodies;

import jakarta.json.stream.JsonGenerator;

/**
 * The conformance report: for each requirement of Bloomreach's guide, PASS, FAIL or SKIP with the
 * figure measured, then what the simulated campaign did. Text for people, JSON for machines.
 */
final class ConformanceReport {
    /** How a requirement came out. */
    enum Verdict { PASS, FAIL, SKIP }

    /**
     * One requirement.
     *
     * @param id       a stable id (for the JSON)
     * @param title    what Bloomreach needs
     * @param verdict  the verdict
     * @param measured what was measured, and why it failed
     */
    record Requirement(String id, String title, Verdict verdict, String measured) {
    }

    private final SimulationOptions options;
    private final List<Requirement> requirements = new ArrayList<>();
    private final Map<String, Long> outcomes = new java.util.LinkedHashMap<>();
    private final Map<String, Long> statuses = new TreeMap<>();
    private final List<String> campaignNotes = new ArrayList<>();
    private final Map<String, Double> latency = new java.util.LinkedHashMap<>();
    private double seconds;
    private String connections = "";

    ConformanceReport(SimulationOptions options) {
        this.options = options;
    }

    /**
     * Builds the report from the probes and the campaign.
     *
     * @param options     the run's options
     * @param handshake   the TLS probe
     * @param anonymous   the answer without credentials
     * @param wrong       the answer with wrong credentials
     * @param check       the credential test's answer, when there is a check URL
     * @param handshakes  the times of the connections opened before the campaign
     * @param campaign    the campaign's result
     * @param latencies   the campaign's latencies
     * @return the report
     */
    static ConformanceReport of(SimulationOptions options, Probes.Handshake handshake, Exchange anonymous, Exchange wrong,
                                Optional<Exchange> check, Latencies handshakes, Campaign.Result campaign,
                                Latencies latencies) {
        ConformanceReport report = new ConformanceReport(options);
        report.add("https", "HTTPS, certificate trusted and matching the host", handshake.ok(), handshake.description());
        if (handshake.protocol() == null) {
            report.add("tls-version", "TLS 1.2 or newer", false, "no TLS session");
        } else {
            report.add("tls-version", "TLS 1.2 or newer",
                    handshake.protocol().equals("TLSv1.2") || handshake.protocol().equals("TLSv1.3"), handshake.protocol());
        }
        report.add("auth-missing", "401 without credentials", anonymous.answered() && anonymous.status() == 401,
                answer(anonymous));
        report.add("auth-wrong", "401 with wrong credentials", wrong.answered() && wrong.status() == 401, answer(wrong));
        if (check.isEmpty()) {
            report.requirements.add(new Requirement("credential-test", "credential test answers 200 to an empty body",
                    Verdict.SKIP, "no --check-url given (and none derived from --url)"));
        } else {
            Exchange answer = check.get();
            report.add("credential-test", "credential test answers 200 to an empty body",
                    answer.answered() && answer.status() == 200, "POST " + options.checkUrl().orElseThrow() + " -> "
                            + answer(answer));
        }
        long answers = campaign.answers.get();
        report.add("json", "answers are JSON", answers > 0 && campaign.jsonAnswers.get() == answers,
                campaign.jsonAnswers.get() + " of " + answers + " answers parse as JSON"
                        + (campaign.nonJson.isEmpty() ? "" : "; e.g. " + campaign.nonJson.getFirst()));
        double p50 = latencies.percentile(50);
        double p95 = latencies.percentile(95);
        double p99 = latencies.percentile(99);
        double max = latencies.percentile(100);
        report.latency.put("p50_ms", p50);
        report.latency.put("p95_ms", p95);
        report.latency.put("p99_ms", p99);
        report.latency.put("max_ms", max);
        report.connections = String.format(Locale.ROOT, "%d of %d connections opened before the campaign, 8 at a time;"
                + " handshake p50 %.0f ms, max %.0f ms", handshakes.count(), options.concurrency(),
                handshakes.percentile(50), handshakes.percentile(100));
        report.add("latency", "answers in under 1000 ms (p99) at concurrency " + options.concurrency(),
                latencies.count() > 0 && p99 < 1000,
                String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms over %d requests",
                        p50, p95, p99, max, latencies.count()));
        report.add("timeout", "no request reaches the " + options.timeout().toSeconds() + " s timeout",
                campaign.timeouts.get() == 0, campaign.timeouts.get() + " timed out, "
                        + campaign.connectionErrors.get() + " connection errors");
        long bad = campaign.badData.get();
        if (bad == 0) {
            report.requirements.add(new Requirement("data-problems", "a customer's unusable data is answered 200",
                    Verdict.SKIP, "no customer with unusable data was sent"));
        } else {
            report.add("data-problems", "a customer's unusable data is answered 200, not a stopping 4xx",
                    campaign.badDataAnswered2xx.get() == bad, campaign.badDataAnswered2xx.get() + " of " + bad
                            + " answered 2xx" + (campaign.badDataProblems.isEmpty() ? ""
                            : "; e.g. " + campaign.badDataProblems.getFirst()));
        }
        report.add("no-stop", "no answer stops the webhook (" + BloomreachSender.STOPPING_STATUSES.stream().sorted()
                .map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse("") + ")", campaign.stopReason == null,
                campaign.stopReason == null ? "never stopped" : campaign.stopReason);
        if (campaign.duplicates.get() == 0) {
            report.requirements.add(new Requirement("duplicates", "duplicates are answered consistently", Verdict.SKIP,
                    "no duplicate was sent"));
        } else {
            report.add("duplicates", "duplicates are answered consistently (same status and body)",
                    campaign.duplicatesConsistent.get() == campaign.duplicates.get(),
                    campaign.duplicatesConsistent.get() + " of " + campaign.duplicates.get() + " consistent"
                            + (campaign.duplicateProblems.isEmpty() ? "" : "; e.g. " + campaign.duplicateProblems.getFirst()));
        }
        if (options.sendsPerCustomer() > 1) {
            long swallowed = campaign.repeatReplayed.get() + campaign.repeatKeyReused.get();
            report.add("repeat-sends", "a customer's later messages are sent, none swallowed by the key",
                    campaign.repeatSends.get() > 0 && swallowed == 0,
                    String.format(Locale.ROOT, "%d of %d later messages sent, %d answered as a replay, %d refused"
                            + " with 422 (%s key)%s", campaign.repeatSent.get(), campaign.repeatSends.get(),
                            campaign.repeatReplayed.get(), campaign.repeatKeyReused.get(),
                            options.keys() == SimulationOptions.KeyTemplate.NAIVE ? "naive" : "per-send",
                            campaign.repeatProblems.isEmpty() ? "" : "; e.g. " + campaign.repeatProblems.getFirst()));
        }
        long failed = campaign.failed.get();
        report.add("campaign", "every customer delivered, none failed, stopped or aborted",
                failed == 0 && campaign.stopped.get() == 0 && campaign.aborted.get() == 0,
                campaign.delivered.get() + " delivered, " + failed + " failed, " + campaign.stopped.get() + " stopped, "
                        + campaign.aborted.get() + " aborted" + (campaign.abortReason == null ? ""
                        : "; aborted: " + campaign.abortReason));
        report.outcomes.put("customers", (long) options.customers());
        report.outcomes.put("delivered", campaign.delivered.get());
        report.outcomes.put("delivered_with_errors_in_body", campaign.deliveredWithErrors.get());
        report.outcomes.put("failed", failed);
        report.outcomes.put("retried_customers", campaign.customersRetried.get());
        report.outcomes.put("retry_requests", campaign.retryRequests.get());
        report.outcomes.put("stopped", campaign.stopped.get());
        report.outcomes.put("aborted", campaign.aborted.get());
        report.outcomes.put("requests", campaign.requests.get());
        report.outcomes.put("duplicates_sent", campaign.duplicates.get());
        if (options.sendsPerCustomer() > 1) {
            report.outcomes.put("messages_per_customer", (long) options.sendsPerCustomer());
            report.outcomes.put("later_messages", campaign.repeatSends.get());
            report.outcomes.put("later_messages_sent", campaign.repeatSent.get());
            report.outcomes.put("later_messages_replayed", campaign.repeatReplayed.get());
            report.outcomes.put("later_messages_refused_422", campaign.repeatKeyReused.get());
        }
        campaign.statuses.forEach((status, n) -> report.statuses.put(status, n.get()));
        if (campaign.stopReason != null) {
            report.campaignNotes.add("stopped: " + campaign.stopReason);
        }
        if (campaign.abortReason != null) {
            report.campaignNotes.add("aborted: " + campaign.abortReason);
        }
        campaign.duplicateProblems.forEach(p -> report.campaignNotes.add("duplicate: " + p));
        campaign.badDataProblems.forEach(p -> report.campaignNotes.add("unusable data: " + p));
        campaign.repeatProblems.forEach(p -> report.campaignNotes.add("swallowed: " + p));
        report.seconds = campaign.seconds;
        return report;
    }

    boolean passed() {
        return requirements.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("Bloomreach conformance report for ").append(options.url()).append('\n');
        out.append(String.format(Locale.ROOT, "%d customers, %s, concurrency %d, retry delays x%s, %.1f s%n%n",
                options.customers(), (options.batches() ? "batches of " + options.batchSize() : "one request per customer")
                        + (options.sendsPerCustomer() > 1 ? ", " + options.sendsPerCustomer() + " messages each" : ""),
                options.concurrency(), options.timeScale(), seconds));
        for (Requirement r : requirements) {
            out.append(String.format(Locale.ROOT, "  %-4s  %-64s %s%n", r.verdict(), r.title(), r.measured()));
        }
        out.append("\n  ").append(connections).append('\n');
        out.append("\nWhat Bloomreach would have done:\n");
        outcomes.forEach((name, n) -> out.append(String.format(Locale.ROOT, "  %-32s %d%n", name.replace('_', ' '), n)));
        out.append("  answers by status               ").append(statuses).append('\n');
        campaignNotes.forEach(note -> out.append("  ").append(note).append('\n'));
        long failures = requirements.stream().filter(r -> r.verdict() == Verdict.FAIL).count();
        out.append('\n').append(failures == 0 ? "RESULT: PASS, Bloomreach can use this endpoint"
                : "RESULT: FAIL, " + failures + " requirement" + (failures == 1 ? "" : "s") + " not met").append('\n');
        return out.toString();
    }

    String json() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonBodies.JSON.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createGenerator(bytes, StandardCharsets.UTF_8)) {
            json.writeStartObject()
                    .write("url", options.url().toString())
                    .write("passed", passed())
                    .write("customers", options.customers())
                    .write("concurrency", options.concurrency())
                    .write("batch_size", options.batchSize())
                    .write("time_scale", options.timeScale())
                    .write("seconds", seconds)
                    .write("connections", connections);
            json.writeStartArray("requirements");
            for (Requirement r : requirements) {
                json.writeStartObject().write("id", r.id()).write("title", r.title())
                        .write("verdict", r.verdict().name()).write("measured", r.measured()).writeEnd();
            }
            json.writeEnd();
            json.writeStartObject("latency");
            latency.forEach(json::write);
            json.writeEnd();
            json.writeStartObject("outcomes");
            outcomes.forEach(json::write);
            json.writeEnd();
            json.writeStartObject("statuses");
            statuses.forEach(json::write);
            json.writeEnd();
            json.writeStartArray("notes");
            campaignNotes.forEach(json::write);
            json.writeEnd();
            json.writeEnd();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void add(String id, String title, boolean ok, String measured) {
        requirements.add(new Requirement(id, title, ok ? Verdict.PASS : Verdict.FAIL, measured));
    }

    private static String answer(Exchange exchange) {
        return exchange.answered() ? String.valueOf(exchange.status()) : exchange.failure();
    }
}
