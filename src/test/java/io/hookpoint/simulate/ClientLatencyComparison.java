package io.hookpoint.simulate;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;

import io.hookpoint.simulate.SimulationOptions.KeyTemplate;

/**
 * The measurement behind keeping {@link EndpointClient}: the same campaign (as {@code make simulate})
 * against a running Hookpoint through the hand-written client and through Helidon WebClient,
 * alternately, three times each after a warm-up round; prints p50/p95/p99 per run and the medians. Not a test: a figure for
 * {@code docs/simulator.md}, run by hand:
 * {@code java -cp target/classes:target/test-classes:<test classpath> io.hookpoint.simulate.ClientLatencyComparison
 * URL USER PASSWORD-FILE CERT [customers] [concurrency]}.
 */
final class ClientLatencyComparison {
    private ClientLatencyComparison() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String password = Files.readString(Path.of(args[2])).lines().findFirst().orElse("");
        Optional<Path> cert = Optional.of(Path.of(args[3]));
        int customers = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        int concurrency = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        Duration timeout = Duration.ofSeconds(10);
        List<double[]> socket = new ArrayList<>();
        List<double[]> webclient = new ArrayList<>();
        // round 0 warms both up (JIT, the server's caches) and is not counted
        for (int round = 0; round <= 3; round++) {
            SimulationOptions options = new SimulationOptions(url, args[1], password,
                    SimulationOptions.derivedCheckUrl(url), customers, concurrency, 0, 0.01, timeout, cert,
                    Optional.empty(), 20, 10, 100, 1, false, 1, KeyTemplate.PER_SEND);
            try (EndpointClient client = new EndpointClient(cert, timeout)) {
                client.open(url, concurrency);
                double[] figures = run("hand-written", options, client);
                if (round > 0) {
                    socket.add(figures);
                }
            }
            WebClientTransport client = new WebClientTransport(cert, timeout, concurrency);
            warmUp(client, options, concurrency);
            double[] figures = run("webclient", options, client);
            if (round > 0) {
                webclient.add(figures);
            }
        }
        System.out.println(median("hand-written", socket));
        System.out.println(median("webclient", webclient));
    }

    // fills WebClient's connection cache as EndpointClient.open does: one request per connection at once
    private static void warmUp(Transport client, SimulationOptions options, int connections) {
        String authorization = EndpointClient.basic(options.user(), options.password());
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                threads.submit(() -> client.post(options.checkUrl().orElseThrow(), authorization, null, ""));
            }
        }
    }

    private static double[] run(String name, SimulationOptions options, Transport client) throws InterruptedException {
        SyntheticCustomers customers = new SyntheticCustomers(UUID.randomUUID().toString().substring(0, 8),
                options.badDataEvery(), options.keys());
        Campaign campaign = new Campaign(options, client, customers);
        Campaign.Result result = campaign.run(null);
        Latencies l = campaign.latencies();
        double[] figures = {l.percentile(50), l.percentile(95), l.percentile(99), result.seconds};
        System.out.printf(Locale.ROOT, "%-12s p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %.1f s, %d delivered, %d failed%n",
                name, figures[0], figures[1], figures[2], figures[3], result.delivered.get(), result.failed.get());
        return figures;
    }

    private static String median(String name, List<double[]> runs) {
        double[] m = new double[4];
        for (int i = 0; i < 4; i++) {
            int k = i;
            m[i] = runs.stream().mapToDouble(r -> r[k]).sorted().toArray()[runs.size() / 2];
        }
        return String.format(Locale.ROOT, "median %-12s p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %.1f s", name,
                m[0], m[1], m[2], m[3]);
    }
}
