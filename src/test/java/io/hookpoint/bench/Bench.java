package io.hookpoint.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.logging.LogManager;
import java.util.regex.Pattern;

import io.hookpoint.Hookpoint;
import io.hookpoint.auth.PasswordHash;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.store.Store;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.tls.DevelopmentCertificate;

import io.helidon.webserver.WebServer;

/**
 * {@code make bench}: the real service (TLS, Basic auth, SQLite file with {@code synchronous=FULL},
 * the log gateway delivering in the background) driven by wrk on this machine, next to a baseline
 * measured in the same run: the same server and TLS listener answering a constant without auth or
 * store, sent the very same requests (same headers and bodies) as the real scenario. Prints requests/s, latency percentiles, errors and the ratio real / baseline, medians of
 * three runs, and the machine. Run it on a quiet machine; the figures move from run to run, the ratio
 * less so.
 */
public final class Bench {
    private static final boolean POSTGRESQL = "postgresql".equalsIgnoreCase(System.getenv("BENCH_DB"));
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern STATUS_LINE = Pattern.compile("^status (\\d+) (\\d+)$", Pattern.MULTILINE);

    private final Path work;
    private final int seconds;
    private final String authorization;
    private final PrintStream out = System.out;

    /** One wrk run. */
    record Run(double rps, double p50ms, double p99ms, double maxMs, long socketErrors, Map<Integer, Long> statuses) {
        long non2xx() {
            return statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                    .mapToLong(Map.Entry::getValue).sum();
        }

        long non2xxBut503() {
            return statuses.entrySet().stream().filter(e -> (e.getKey() < 200 || e.getKey() >= 300) && e.getKey() != 503)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private Bench(Path work, int seconds, String authorization) {
        this.work = work;
        this.seconds = seconds;
        this.authorization = authorization;
    }

    /**
     * Runs the benchmark.
     *
     * @param args none
     * @throws Exception when the service or wrk cannot run
     */
    public static void main(String[] args) throws Exception {
        // BENCH_ONLY=delivery: only the delivery scenario (no wrk needed)
        boolean deliveryOnly = "delivery".equalsIgnoreCase(System.getenv("BENCH_ONLY"));
        if (!deliveryOnly && new ProcessBuilder("wrk", "--version").start().waitFor() > 1) {
            System.err.println("make bench needs wrk: apt-get install wrk");
            System.exit(2);
        }
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "15"));
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
        // the server's log (a line per delivered message) goes to a file, not into this report
        Path logging = work.resolve("logging.properties");
        Files.writeString(logging, "handlers=java.util.logging.FileHandler\n"
                + "java.util.logging.FileHandler.pattern=" + work.resolve("server.log") + "\n"
                + "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter\n.level=INFO\n");
        System.setProperty("java.util.logging.config.file", logging.toString());
        LogManager.getLogManager().readConfiguration();
        System.out.println("server log: " + work.resolve("server.log"));

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
            new Bench(work, seconds, authorization).run(server.port());
            Store store = hookpoint.store();
            // group commit at work: how many writes each transaction carried, over the whole run
            System.out.printf("store: %d writes in %d commits (%.1f writes per commit), %d deadlock victims run again%n",
                    store.committedWrites(), store.commits(),
                    store.committedWrites() / (double) Math.max(1, store.commits()), store.retriedWrites());
        } finally {
            server.stop();
            hookpoint.close();
        }
        new DeliveryBench(config, work, tls.certificate(), authorization).run(seconds);
    }

    private void run(int port) throws Exception {
        String base = "https://localhost:" + port;
        // the baseline gets exactly the requests of the real scenario (same headers, body, distinct keys),
        // so wrk spends the same effort on both and the ratio measures the server's work alone
        Path baseline = script("baseline.lua", luaSms(false));
        Path distinct = script("distinct.lua", luaSms(false));
        Path replays = script("replays.lua", luaSms(true));
        Path batch = script("batch.lua", luaBatch(1000));

        machine();
        out.printf("each run: wrk -t2 --timeout 10s -d%ds, after a %ds warm-up; medians of 3 runs%n%n", seconds, seconds);
        wrk(base + "/bench/baseline", baseline, 200, seconds);
        wrk(base + "/api/v1/sms", distinct, 200, seconds);

        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            runs.computeIfAbsent("baseline, 200 connections", k -> new ArrayList<>())
                    .add(wrk(base + "/bench/baseline", baseline, 200, seconds));
            runs.computeIfAbsent("per-customer, distinct keys, 200 connections", k -> new ArrayList<>())
                    .add(wrk(base + "/api/v1/sms", distinct, 200, seconds));
        }
        for (int i = 0; i < 3; i++) {
            runs.computeIfAbsent("baseline, 1000 connections", k -> new ArrayList<>())
                    .add(wrk(base + "/bench/baseline", baseline, 1000, seconds));
            runs.computeIfAbsent("per-customer, distinct keys, 1000 connections", k -> new ArrayList<>())
                    .add(wrk(base + "/api/v1/sms", distinct, 1000, seconds));
        }
        for (int i = 0; i < 3; i++) {
            runs.computeIfAbsent("per-customer, replays of 100 keys, 200 connections", k -> new ArrayList<>())
                    .add(wrk(base + "/api/v1/sms", replays, 200, seconds));
            runs.computeIfAbsent("batches of 1000 distinct items, 8 connections", k -> new ArrayList<>())
                    .add(wrk(base + "/api/v1/sms/batch", batch, 8, seconds));
        }

        out.printf("%-52s %10s %9s %9s %9s %8s %8s%n", "scenario", "req/s", "p50 ms", "p99 ms", "max ms",
                "non-2xx", "sock.err");
        Map<String, Run> medians = new LinkedHashMap<>();
        runs.forEach((name, list) -> {
            Run median = median(list);
            medians.put(name, median);
            out.printf("%-52s %10.0f %9.1f %9.1f %9.1f %8d %8d%n", name, median.rps(), median.p50ms(), median.p99ms(),
                    median.maxMs(), median.non2xx(), median.socketErrors());
        });
        Run base200 = medians.get("baseline, 200 connections");
        Run real200 = medians.get("per-customer, distinct keys, 200 connections");
        Run base1000 = medians.get("baseline, 1000 connections");
        Run real1000 = medians.get("per-customer, distinct keys, 1000 connections");
        Run batches = medians.get("batches of 1000 distinct items, 8 connections");
        double ratio200 = real200.rps() / base200.rps();
        out.printf("%nratio real / baseline at 200 connections:  %.2f (req/s)%n", ratio200);
        out.printf("ratio real / baseline at 1000 connections: %.2f (req/s)%n", real1000.rps() / base1000.rps());
        out.printf("batch items accepted per second: %.0f (%.0f batches/s)%n", batches.rps() * 1000, batches.rps());
        out.printf("%ntargets:%n");
        target("200 connections: >= 50% of the baseline's req/s", ratio200 >= 0.5);
        target("200 connections: p99 <= 50 ms", real200.p99ms() <= 50);
        target("200 connections: no errors", real200.non2xx() == 0 && real200.socketErrors() == 0);
        target("1000 connections: p99 < 1 s", real1000.p99ms() < 1000);
        target("1000 connections: no errors but deliberate 503s", real1000.non2xxBut503() == 0
                && real1000.socketErrors() == 0);
        out.printf("%n503s at 1000 connections (median run): %d%n", real1000.statuses().getOrDefault(503, 0L));
    }

    private void target(String name, boolean met) {
        out.printf("  [%s] %s%n", met ? "met" : "MISSED", name);
    }

    private Run wrk(String url, Path script, int connections, int duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + duration + "s", "--timeout", "10s",
                "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return parse(output);
    }

    static Run parse(String output) {
        Matcher rps = RPS.matcher(output);
        double requests = rps.find() ? Double.parseDouble(rps.group(1)) : 0;
        double p50 = 0;
        double p99 = 0;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double ms = millis(percentile.group(2), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher max = MAX.matcher(output);
        double maxMs = max.find() ? millis(max.group(1), max.group(2)) : 0;
        long socketErrors = 0;
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            for (int i = 1; i <= 4; i++) {
                socketErrors += Long.parseLong(errors.group(i));
            }
        }
        Map<Integer, Long> statuses = new HashMap<>();
        Matcher status = STATUS_LINE.matcher(output);
        while (status.find()) {
            statuses.merge(Integer.parseInt(status.group(1)), Long.parseLong(status.group(2)), Long::sum);
        }
        return new Run(requests, p50, p99, maxMs, socketErrors, statuses);
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
        case "us" -> v / 1000;
        case "s" -> v * 1000;
        default -> v;
        };
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Run::rps));
        return sorted.get(sorted.size() / 2);
    }

    private void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        out.printf("machine: %d cores (%s), %d MiB for this JVM, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), cpu, Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.version"), System.getProperty("os.name"));
        out.println("service: TLS 1.3, Basic auth (PBKDF2, verified-credential cache), " + (POSTGRESQL
                ? "embedded PostgreSQL 17 on the same machine (synchronous_commit on)"
                : "SQLite WAL synchronous=FULL") + " with group commit, log gateway delivering in the background;"
                + " wrk on the same 2 cores");
    }

    private Path script(String name, String lua) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, lua + LUA_STATUS_COUNT);
        return file;
    }

    // counts answers by status in each wrk thread, and prints the totals at the end
    private static final String LUA_STATUS_COUNT = """

            local threads = {}
            function setup(thread)
              thread:set("id", #threads + 1)
              table.insert(threads, thread)
            end
            function init(args)
              statuses = {}
            end
            function response(status, headers, body)
              statuses[status] = (statuses[status] or 0) + 1
            end
            function done(summary, latency, requests)
              local totals = {}
              for _, thread in ipairs(threads) do
                local counts = thread:get("statuses")
                for status, n in pairs(counts) do
                  totals[status] = (totals[status] or 0) + n
                end
              end
              for status, n in pairs(totals) do
                io.write(string.format("status %d %d\\n", status, n))
              end
            end
            """;

    private String luaSms(boolean replays) {
        String key = replays ? "\"replay-\" .. (counter % 100)" : "string.format(\"k-%d-%d-%d\", run, id, counter)";
        return """
                local counter = 0
                local run = math.random(1, 1000000000) + os.time()
                request = function()
                  counter = counter + 1
                  local key = %s
                  return wrk.format("POST", nil, {
                    ["Content-Type"] = "application/json",
                    ["Authorization"] = "%s",
                    ["Idempotency-Key"] = key
                  }, '{"to":"+420777123456","text":"Hello from the benchmark","customer_id":"' .. key .. '"}')
                end
                """.formatted(key, authorization);
    }

    private String luaBatch(int items) {
        return """
                local counter = 0
                local run = math.random(1, 1000000000) + os.time()
                request = function()
                  counter = counter + 1
                  local parts = {}
                  for i = 1, %d do
                    parts[i] = string.format('{"key":"b-%%d-%%d-%%d-%%d","to":"+420777%%06d","text":"Hello customer %%d"}',
                      run, id, counter, i, i, i)
                  end
                  return wrk.format("POST", nil, {
                    ["Content-Type"] = "application/json",
                    ["Authorization"] = "%s"
                  }, '{"messages":[' .. table.concat(parts, ",") .. ']}')
                end
                """.formatted(items, authorization);
    }
}
