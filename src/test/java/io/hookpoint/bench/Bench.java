package io.hookpoint.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.logging.LogManager;

import io.hookpoint.Hookpoint;
import io.hookpoint.auth.PasswordHash;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.store.Store;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.tls.DevelopmentCertificate;

import io.helidon.webserver.WebServer;

/**
 * {@code make bench}: the real service (TLS, Basic auth, SQLite file with {@code synchronous=FULL} or
 * PostgreSQL, the log gateway delivering in the background) in this JVM, driven by wrk. For every
 * scenario it measures the server's own CPU time (this process's user + system time) per answered
 * request while wrk runs, and the CPU it still spends after the run until it is idle (delivering the
 * backlog) per the same requests; the ratio bare route / scenario with and without that; plus wrk's
 * requests/s and latencies. Medians of three runs, after a warm-up run of each scenario.
 */
public final class Bench {
    static final boolean POSTGRESQL = "postgresql".equalsIgnoreCase(System.getenv("BENCH_DB"));
    static final String BARE = "bare route (/bench/baseline)";
    static final String AUTH = "auth check (POST /api/v1/auth/check)";
    static final String NEW_KEY = "new key per request (POST /api/v1/sms)";
    static final String REPLAY = "100 keys replayed (POST /api/v1/sms)";
    static final String BATCH = "1000-item batch (8 connections)";

    /** A scenario: a URL, a wrk script, connections, and the items each request carries. */
    record Scenario(String name, String path, Path script, int connections, int items) {
    }

    /** One measured run: wrk's figures, CPU during and after (nanoseconds), the backlog at the end. */
    record Measured(Wrk.Run wrk, long cpuDuring, long cpuAfter, long backlog, double drainSeconds) {
        double usPerRequest() {
            return cpuDuring / 1000.0 / Math.max(1, wrk.answered());
        }

        double afterUsPerRequest() {
            return cpuAfter / 1000.0 / Math.max(1, wrk.answered());
        }

        // what delivering one message of the backlog cost, when there was one
        double afterUsPerBacklogMessage() {
            return backlog < 100 ? 0 : cpuAfter / 1000.0 / backlog;
        }
    }

    private final Path work;
    private final int seconds;
    private final String authorization;
    private final Store store;
    private final PrintStream out = System.out;

    private Bench(Path work, int seconds, String authorization, Store store) {
        this.work = work;
        this.seconds = seconds;
        this.authorization = authorization;
        this.store = store;
    }

    /**
     * Runs the benchmark.
     *
     * @param args none
     * @throws Exception when the service or wrk cannot run
     */
    public static void main(String[] args) throws Exception {
        // BENCH_ONLY=delivery: only the http-gateway delivery scenario (no wrk needed); =requests: without it
        String only = System.getenv().getOrDefault("BENCH_ONLY", "");
        boolean deliveryOnly = "delivery".equalsIgnoreCase(only);
        if (!deliveryOnly && new ProcessBuilder("wrk", "--version").start().waitFor() > 1) {
            System.err.println("make bench needs wrk: apt-get install wrk");
            System.exit(2);
        }
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
        Path work = Files.createTempDirectory("hookpoint-bench");
        DevelopmentCertificate.PemFiles tls = DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(work.resolve("cert.pem"), work.resolve("key.pem")),
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        String password = "bench-password";
        Map<String, String> config = new HashMap<>();
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("hookpoint.data", work.resolve("data").toString());
        config.put("hookpoint.tls.cert", tls.certificate().toString());
        config.put("hookpoint.tls.key", tls.key().toString());
        config.put("hookpoint.users", "bench:" + PasswordHash.create(password.toCharArray(), PasswordHash.DEFAULT_ITERATIONS)
                .encoded());
        config.put("hookpoint.bench", "true");
        if (POSTGRESQL) {
            // make bench BENCH_DB=postgresql: the same service on a real PostgreSQL (embedded, same machine)
            config.put("hookpoint.db.url", TestDatabase.newPostgresDatabase());
        }
        config.put("hookpoint.inflight.limit", System.getenv().getOrDefault("BENCH_INFLIGHT_LIMIT", "1000"));
        // BENCH_REMEMBERED=0: every replay through the store's writer, as before CommittedAnswers
        config.put("hookpoint.idempotency.remembered", System.getenv().getOrDefault("BENCH_REMEMBERED", "20000"));
        // the server's log (a line per delivered message) goes to a file, not into this report
        Path logging = work.resolve("logging.properties");
        Files.writeString(logging, "handlers=java.util.logging.FileHandler\n"
                + "java.util.logging.FileHandler.pattern=" + work.resolve("server.log") + "\n"
                + "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter\n.level=INFO\n");
        System.setProperty("java.util.logging.config.file", logging.toString());
        LogManager.getLogManager().readConfiguration();
        // the store and the log of a run take gigabytes: gone at exit unless BENCH_KEEP=1
        boolean keep = "1".equals(System.getenv("BENCH_KEEP"));
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
        }
        System.out.println("server log: " + work.resolve("server.log") + (keep ? "" : " (deleted at exit; BENCH_KEEP=1 keeps it)"));

        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("bench:" + password).getBytes(StandardCharsets.UTF_8));
        if (deliveryOnly) {
            new DeliveryBench(config, work, tls.certificate(), authorization).run(seconds);
            return;
        }
        Hookpoint hookpoint = Hookpoint.create(HookpointConfig.of(config),
                new PrintStream(PrintStream.nullOutputStream()));
        WebServer server = hookpoint.start();
        try {
            Store store = hookpoint.store();
            new Bench(work, seconds, authorization, store).run(server.port());
            // group commit at work: how many writes each transaction carried, over the whole run
            System.out.printf("store: %d writes in %d commits (%.1f writes per commit), %d deadlock victims run again%n",
                    store.committedWrites(), store.commits(),
                    store.committedWrites() / (double) Math.max(1, store.commits()), store.retriedWrites());
        } finally {
            server.stop();
            hookpoint.close();
        }
        if (!"requests".equalsIgnoreCase(only)) {
            new DeliveryBench(config, work, tls.certificate(), authorization).run(seconds);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    private void run(int port) throws Exception {
        String base = "https://localhost:" + port;
        // every single-request scenario sends the very same requests (headers, body, distinct keys), so
        // that wrk does the same work for each and the difference is the server's
        Path distinct = script("distinct.lua", BenchScripts.sms(authorization, false));
        List<Scenario> scenarios = new ArrayList<>(List.of(
                new Scenario(BARE, "/bench/baseline", distinct, 200, 1),
                new Scenario(AUTH, "/api/v1/auth/check", distinct, 200, 1),
                new Scenario(NEW_KEY, "/api/v1/sms", distinct, 200, 1),
                new Scenario(REPLAY, "/api/v1/sms", script("replays.lua", BenchScripts.sms(authorization, true)), 200,
                        1),
                new Scenario(BATCH, "/api/v1/sms/batch", script("batch.lua", BenchScripts.batch(authorization, 1000)),
                        8, 1000)));
        if ("1".equals(System.getenv("BENCH_WIDE"))) {
            scenarios.add(new Scenario("new key per request, 1000 connections", "/api/v1/sms", distinct, 1000, 1));
        }
        // BENCH_SCENARIOS=new,replay (for profiling): only those, next to the bare route
        String only = System.getenv().getOrDefault("BENCH_SCENARIOS", "");
        if (!only.isBlank()) {
            scenarios.removeIf(s -> !s.name().equals(BARE)
                    && java.util.Arrays.stream(only.split(",")).noneMatch(word -> s.name().contains(word.trim())));
        }
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "3"));

        BenchReport.machine(out, POSTGRESQL);
        out.printf("each run: wrk -t2 --timeout 10s -d%ds, then until the server is idle; a warm-up run of each"
                + " scenario (%d s), then %d rounds; medians%n", seconds, 2 * seconds, rounds);
        CpuMeter.untilIdle(60, () -> backlog() == 0);
        for (Scenario scenario : scenarios) {
            // the warm-up twice as long: the JIT compiler is slow to finish on a loaded machine
            measure(base, scenario, false, 2 * seconds);
        }
        Map<String, List<Measured>> runs = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Scenario scenario : scenarios) {
                runs.computeIfAbsent(scenario.name(), k -> new ArrayList<>())
                        .add(measure(base, scenario, round == rounds - 1));
            }
        }
        new BenchReport(out, POSTGRESQL).print(scenarios, runs);
        out.println("load average after: " + CpuMeter.loadAverage());
    }

    private Measured measure(String base, Scenario scenario, boolean profile) throws Exception {
        return measure(base, scenario, profile, seconds);
    }

    private Measured measure(String base, Scenario scenario, boolean profile, int seconds) throws Exception {
        Profile during = Profile.start(profile ? scenario.name() : null, "during");
        long before = CpuMeter.now();
        // the store's writer thread alone (inserts, claims, outcomes): what the store side costs per item
        long writerBefore = CpuMeter.threadNanos("store-writer");
        Wrk.Run run = Wrk.run(base + scenario.path(), scenario.script(), scenario.connections(), seconds);
        long cpuDuring = CpuMeter.now() - before;
        during.stop();
        long backlog = backlog();
        Profile afterwards = Profile.start(profile ? scenario.name() : null, "after");
        long drainStart = System.nanoTime();
        long after = CpuMeter.untilIdle(600, () -> backlog() == 0);
        double drain = (System.nanoTime() - drainStart) / 1e9;
        afterwards.stop();
        Measured measured = new Measured(run, cpuDuring, after, backlog, drain);
        double writerPerItem = (CpuMeter.threadNanos("store-writer") - writerBefore) / 1000.0
                / Math.max(1, run.answered() * scenario.items());
        out.printf("  %-40s %8.0f req/s, p99 %6.1f ms, %6.1f us CPU/request, after %6.1f us, backlog %d (%.1f s);"
                        + " writer thread %.1f us/item during+after%n", scenario.name(), run.rps(), run.p99ms(),
                measured.usPerRequest(), measured.afterUsPerRequest(), backlog, drain, writerPerItem);
        return measured;
    }

    // messages accepted but not delivered yet when the load stops
    private long backlog() {
        return store.read(h -> h.createQuery(
                "SELECT COUNT(*) FROM sms_message WHERE status IN ('queued', 'sending')").mapTo(Long.class).one());
    }

    private Path script(String name, String lua) throws java.io.IOException {
        Path file = work.resolve(name);
        Files.writeString(file, lua + Wrk.LUA_STATUS_COUNT);
        return file;
    }

    static double median(List<Measured> runs, ToDoubleFunction<Measured> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }
}
