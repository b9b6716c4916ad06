package io.hookpoint.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk once and reads its report: requests/s, latency percentiles, errors, answers by status. */
final class Wrk {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern STATUS_LINE = Pattern.compile("^status (\\d+) (\\d+)$", Pattern.MULTILINE);

    /** One wrk run. */
    record Run(double rps, double p50ms, double p99ms, double maxMs, long socketErrors, Map<Integer, Long> statuses) {
        long answered() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }

        long non2xx() {
            return statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private Wrk() {
    }

    static Run run(String url, Path script, int connections, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
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

    // counts answers by status in each wrk thread, and prints the totals at the end
    static final String LUA_STATUS_COUNT = """

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
}
