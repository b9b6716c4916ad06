package io.hookpoint.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import io.hookpoint.Hookpoint;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.sms.MessageRepository;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.TestDatabase;

import io.helidon.webserver.WebServer;

/**
 * {@code make bench}'s delivery scenario: Hookpoint with its default delivery settings and the http
 * gateway pointed at a local stub provider (a real HTTP server that answers each call after 200 ms, as
 * a provider does), N messages accepted through the batch webhook, then the delivered messages per
 * second from the store's {@code sent_at} times; and a second run with {@code HOOKPOINT_DELIVERY_RATE}
 * set, reporting the rate the stub saw and its error. The stub runs in this JVM: the CPU figure
 * counts both.
 */
final class DeliveryBench {
    private static final long PROVIDER_LATENCY_MS = 200;

    private record Result(long delivered, double perSecond, double wallSeconds, double cpuMicrosPerMessage,
                          double stubRate) {
    }

    private final Map<String, String> baseConfig;
    private final Path work;
    private final Path certificate;
    private final String authorization;
    private final PrintStream out = System.out;

    DeliveryBench(Map<String, String> baseConfig, Path work, Path certificate, String authorization) {
        this.baseConfig = baseConfig;
        this.work = work;
        this.certificate = certificate;
        this.authorization = authorization;
    }

    void run(int seconds) throws Exception {
        int messages = Math.max(5_000, 2_000 * seconds);
        out.printf("%ndelivery: http gateway -> local stub provider (%d ms per call, HTTP/1.1, same JVM)%n",
                PROVIDER_LATENCY_MS);
        Result unlimited = deliver("defaults", messages, Map.of());
        out.printf("  default settings: %d messages delivered at %.0f messages/s (first to last sent_at);"
                        + " all sent %.1f s after the first was accepted; %.0f us CPU per message (service + stub)%n",
                unlimited.delivered(), unlimited.perSecond(), unlimited.wallSeconds(), unlimited.cpuMicrosPerMessage());
        out.printf("  [%s] >= 1,000 messages/s delivered with default settings%n",
                unlimited.perSecond() >= 1_000 ? "met" : "MISSED");
        double rate = Double.parseDouble(System.getenv().getOrDefault("BENCH_DELIVERY_RATE", "300"));
        int paced = (int) Math.max(1_000, rate * Math.max(seconds, 5));
        Result limited = deliver("rate", paced, Map.of("hookpoint.delivery.rate", String.valueOf(rate)));
        double error = (limited.stubRate() - rate) / rate * 100;
        out.printf("  HOOKPOINT_DELIVERY_RATE=%.0f: %d messages, the stub saw %.1f calls/s (error %+.2f %%),"
                        + " store %.1f messages/s%n", rate, limited.delivered(), limited.stubRate(), error,
                limited.perSecond());
        out.printf("  [%s] configured rate held within 5 %%%n", Math.abs(error) <= 5 ? "met" : "MISSED");
    }

    private Result deliver(String name, int messages, Map<String, String> extra) throws Exception {
        // as many connections as the gateway keeps alive (512) and more: none closed and opened again
        try (StubProvider stub = new StubProvider(4096)
                .behave((id, attempt) -> new StubProvider.Answer(202, PROVIDER_LATENCY_MS))) {
            Map<String, String> config = new HashMap<>(baseConfig);
            config.put("hookpoint.data", Files.createDirectories(work.resolve("delivery-" + name)).toString());
            if (config.containsKey("hookpoint.db.url")) {
                // BENCH_DB=postgresql: a database of its own, so that only this run's messages are counted
                config.put("hookpoint.db.url", TestDatabase.newPostgresDatabase());
            }
            config.put("hookpoint.gateway.type", "http");
            config.put("hookpoint.gateway.url", stub.url().toString());
            config.putAll(extra);
            Hookpoint hookpoint = Hookpoint.create(HookpointConfig.of(config),
                    new PrintStream(PrintStream.nullOutputStream()));
            WebServer server = hookpoint.start();
            try {
                HttpsClient client = HttpsClientFactory.create(server.port(), certificate)
                        .withAuthorization(authorization);
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpuBefore = os.getProcessCpuTime();
                long start = System.nanoTime();
                accept(client, name, messages);
                long sent = awaitSent(hookpoint, messages);
                double wall = (System.nanoTime() - start) / 1e9;
                long cpu = os.getProcessCpuTime() - cpuBefore;
                long[] span = hookpoint.store().read(h -> h.createQuery(
                                "SELECT MIN(sent_at) AS first, MAX(sent_at) AS last FROM sms_message WHERE status = 'sent'")
                        .map((rs, ctx) -> new long[] {rs.getLong("first"), rs.getLong("last")}).one());
                double perSecond = sent / Math.max(0.001, (span[1] - span[0]) / 1000.0);
                List<Long> starts = stub.calls().stream().map(StubProvider.Call::atNanos).toList();
                long first = starts.stream().mapToLong(Long::longValue).min().orElse(0);
                long last = starts.stream().mapToLong(Long::longValue).max().orElse(0);
                double stubRate = (starts.size() - 1) / Math.max(1e-9, (last - first) / 1e9);
                return new Result(sent, perSecond, wall, cpu / 1000.0 / Math.max(1, sent), stubRate);
            } finally {
                server.stop();
                hookpoint.close();
            }
        }
    }

    private static void accept(HttpsClient client, String run, int messages) {
        for (int done = 0; done < messages; done += 1_000) {
            StringBuilder body = new StringBuilder("{\"messages\":[");
            for (int i = done; i < Math.min(messages, done + 1_000); i++) {
                body.append(i == done ? "" : ",").append("{\"key\":\"d-").append(run).append('-').append(i)
                        .append("\",\"to\":\"+420777").append(String.format("%06d", i % 1_000_000))
                        .append("\",\"text\":\"Campaign message ").append(i).append("\"}");
            }
            body.append("]}");
            Reply reply = client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "application/json"),
                    body.toString().getBytes(StandardCharsets.UTF_8));
            if (reply.status() != 200) {
                throw new IllegalStateException("batch answered " + reply.status() + ": " + reply.body());
            }
        }
    }

    private static long awaitSent(Hookpoint hookpoint, int messages) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        long sent = 0;
        while (System.nanoTime() < deadline) {
            Map<SmsStatus, Long> counts = new MessageRepository(hookpoint.store()).countByStatus();
            sent = counts.getOrDefault(SmsStatus.SENT, 0L);
            if (sent + counts.getOrDefault(SmsStatus.FAILED, 0L) >= messages) {
                return sent;
            }
            Thread.sleep(50);
        }
        return sent;
    }
}
