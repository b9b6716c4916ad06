package io.hookpoint.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Prints {@link Bench}'s machine line, its table of medians, the ratios and the targets. */
final class BenchReport {
    private final PrintStream out;
    private final boolean postgresql;

    BenchReport(PrintStream out, boolean postgresql) {
        this.out = out;
        this.postgresql = postgresql;
    }

    static void machine(PrintStream out, boolean postgresql) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        out.printf("machine: %d cores (%s), %d MiB for this JVM, Java %s, %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), cpu, Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.version"), System.getProperty("os.name"), CpuMeter.loadAverage());
        out.println("service: TLS 1.3, Basic auth (PBKDF2, verified-credential cache), " + (postgresql
                ? "embedded PostgreSQL 17 on the same machine (synchronous_commit on; its CPU is not counted)"
                : "SQLite WAL synchronous=FULL") + " with group commit, log gateway delivering in the background;"
                + " wrk on the same cores; CPU = this JVM's user+system time without the JIT compiler threads");
    }

    void print(List<Bench.Scenario> scenarios, Map<String, List<Bench.Measured>> runs) {
        out.printf("%n%-40s %8s %7s %7s %7s %6s %9s %9s %6s %6s %8s %7s%n", "scenario (medians of 3)", "req/s",
                "p50 ms", "p99 ms", "max ms", "errors", "CPU us/r", "after us", "ratio", "r+aft", "backlog", "drain s");
        double bare = Bench.median(runs.get(Bench.BARE), Bench.Measured::usPerRequest);
        for (Bench.Scenario scenario : scenarios) {
            List<Bench.Measured> list = runs.get(scenario.name());
            double cpu = Bench.median(list, Bench.Measured::usPerRequest);
            double after = Bench.median(list, Bench.Measured::afterUsPerRequest);
            double total = Bench.median(list, m -> m.usPerRequest() + m.afterUsPerRequest());
            out.printf("%-40s %8.0f %7.1f %7.1f %7.1f %6.0f %9.1f %9.1f %6.2f %6.2f %8.0f %7.1f%n", scenario.name(),
                    Bench.median(list, m -> m.wrk().rps()), Bench.median(list, m -> m.wrk().p50ms()),
                    Bench.median(list, m -> m.wrk().p99ms()), Bench.median(list, m -> m.wrk().maxMs()),
                    Bench.median(list, m -> m.wrk().non2xx() + m.wrk().socketErrors()), cpu, after,
                    bare * scenario.items() / cpu, bare * scenario.items() / total,
                    Bench.median(list, Bench.Measured::backlog), Bench.median(list, Bench.Measured::drainSeconds));
        }
        out.println("CPU us/r: server CPU per answered request during the run; after us: CPU after the run until"
                + " idle (delivering the backlog) per the same requests; ratio = bare / scenario, r+aft with after");
        for (Bench.Scenario scenario : scenarios) {
            double delivery = Bench.median(runs.get(scenario.name()), Bench.Measured::afterUsPerBacklogMessage);
            if (delivery > 0) {
                out.printf("%s: %.1f us CPU per message of the backlog delivered after the run%n", scenario.name(),
                        delivery);
            }
        }
        // the batch's own figures also when only some scenarios ran (BENCH_SCENARIOS=batch)
        List<Bench.Measured> batch = runs.get(Bench.BATCH);
        double perItem = batch == null ? 0 : Bench.median(batch, m -> m.usPerRequest() / 1000);
        double itemsPerSecond = batch == null ? 0 : Bench.median(batch, m -> m.wrk().rps() * 1000);
        if (batch != null) {
            double perItemAfter = Bench.median(batch, m -> (m.usPerRequest() + m.afterUsPerRequest()) / 1000);
            out.printf("%nbatch: %.0f items/s, p50 %.1f ms, %.1f us CPU per item (%.1f with its delivery); ratios for"
                    + " the batch are per item%n", itemsPerSecond, Bench.median(batch, m -> m.wrk().p50ms()), perItem,
                    perItemAfter);
        }
        if (!runs.keySet().containsAll(List.of(Bench.NEW_KEY, Bench.REPLAY, Bench.BATCH))) {
            return;
        }

        List<Bench.Measured> newKey = runs.get(Bench.NEW_KEY);
        out.printf("%ntargets:%n");
        target("new key: ratio >= 0.5", bare / Bench.median(newKey, Bench.Measured::usPerRequest) >= 0.5);
        target("new key: ratio >= 0.3 with delivery counted", bare / Bench.median(newKey,
                m -> m.usPerRequest() + m.afterUsPerRequest()) >= 0.3);
        target("replays: ratio >= 0.6", bare / Bench.median(runs.get(Bench.REPLAY), Bench.Measured::usPerRequest) >= 0.6);
        target("new key and replays: zero errors in every run", runs.get(Bench.NEW_KEY).stream()
                .allMatch(m -> m.wrk().non2xx() + m.wrk().socketErrors() == 0) && runs.get(Bench.REPLAY).stream()
                .allMatch(m -> m.wrk().non2xx() + m.wrk().socketErrors() == 0));
        target("new key: p99 <= 50 ms at 200 connections in each of the 3 runs",
                newKey.stream().allMatch(m -> m.wrk().p99ms() <= 50));
        target("1000-item batch: p50 <= 150 ms", Bench.median(batch, m -> m.wrk().p50ms()) <= 150);
        target("1000-item batch: <= 15 us server CPU per item", perItem <= 15);
        if (postgresql) {
            target("PostgreSQL: >= 25,000 batch items/s", itemsPerSecond >= 25_000);
        }
    }

    private void target(String name, boolean met) {
        out.printf("  [%s] %s%n", met ? "met" : "MISSED", name);
    }
}
