package io.hookpoint.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hookpoint.auth.PasswordHash;
import io.hookpoint.tls.DevelopmentCertificate;

/**
 * One lab run: starts the Tracking API stub, the provider stub and Hookpoint (a child process), plays two
 * rounds of the campaign as Bloomreach (the second after the chain went quiet, so that STOP replies came
 * first), pulls the knobs' troubles (a provider outage, a SIGKILL of Hookpoint and its restart), waits for
 * every report and event, then reads Hookpoint's store and checks the whole chain ({@link LabChecks}).
 */
public final class Lab {
    static final String USER = "bloomreach";
    private static final Pattern METRIC = Pattern.compile("^(hookpoint_\\w+)\\{([^}]*)}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

    private final LabOptions options;
    private final PrintWriter progress;
    private final Timeline timeline = new Timeline();
    private final Population population;
    private final Ledger ledger;
    private volatile String phase = "starting";
    private volatile boolean hookpointUp;
    private volatile long killMillis;
    private volatile long relaunchMillis;
    private volatile Set<String> inFlightAtKill = Set.of();

    private Lab(LabOptions options, PrintWriter progress) {
        this.options = options;
        this.progress = progress;
        this.population = new Population(options);
        this.ledger = new Ledger(2, options.customers());
    }

    /**
     * Runs the lab.
     *
     * @param options  the knobs
     * @param progress where the progress line goes, or null
     * @return the report
     * @throws IOException          when a part cannot be started
     * @throws InterruptedException when interrupted
     */
    public static LabReport run(LabOptions options, PrintWriter progress) throws IOException, InterruptedException {
        return new Lab(options, progress).run();
    }

    private LabReport run() throws IOException, InterruptedException {
        Path dir = options.directory().toAbsolutePath();
        Files.createDirectories(dir);
        String password = UUID.randomUUID().toString();
        String authorization = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        DevelopmentCertificate.PemFiles tls = LabTls.certificate(Files.createDirectories(dir.resolve("hookpoint-tls")));
        int port = freePort();
        URI base = URI.create("https://localhost:" + port);
        HttpClient client = LabTls.client(tls.certificate(), Duration.ofSeconds(5));
        Thread reporter = null;
        try (TrackingLab tracking = new TrackingLab(timeline, Files.createDirectories(dir.resolve("tracking-tls")));
             Callbacks callbacks = new Callbacks(client, timeline);
             ProviderStub provider = ProviderStub.create(options, population, timeline, callbacks, base, dir)) {
            Map<String, String> env = new HashMap<>();
            env.put("SERVER_PORT", String.valueOf(port));
            env.put("HOOKPOINT_DATA", dir.resolve("data").toString());
            env.put("HOOKPOINT_DB_URL", "jdbc:sqlite:" + dir.resolve("data/hookpoint.db"));
            env.put("HOOKPOINT_TLS_CERT", tls.certificate().toString());
            env.put("HOOKPOINT_TLS_KEY", tls.key().toString());
            env.put("HOOKPOINT_USERS", USER + ":" + PasswordHash.create(password.toCharArray(), 1_000).encoded());
            env.put("HOOKPOINT_PUBLIC_URL", base.toString());
            env.putAll(provider.environment());
            env.put("HOOKPOINT_BLOOMREACH_API_URL", tracking.url().toString());
            env.put("HOOKPOINT_BLOOMREACH_PROJECT_TOKEN", TrackingLab.PROJECT);
            env.put("HOOKPOINT_BLOOMREACH_API_KEY_ID", TrackingLab.KEY_ID);
            env.put("HOOKPOINT_BLOOMREACH_API_SECRET", TrackingLab.SECRET);
            env.put("HOOKPOINT_BLOOMREACH_TRUST", tracking.certificate().toString());
            // the stub has no Bloomreach per-IP limit; the outbox may drain at full speed
            env.put("HOOKPOINT_BLOOMREACH_RATE", "200");
            env.put("HOOKPOINT_BLOOMREACH_BACKOFF_INITIAL", "PT0.5S");
            // a killed instance's claims are taken over after the lease: shorter than the default minute
            env.put("HOOKPOINT_DELIVERY_LEASE", "PT30S");
            env.put("HOOKPOINT_DELIVERY_BACKOFF_INITIAL", "PT1S");
            try (HookpointChild hookpoint = new HookpointChild(dir, env, options.fault().map(LabFaults.Fault::label)
                    .orElse(null), client, base, authorization)) {
                hookpoint.start();
                hookpointUp = true;
                timeline.mark("hookpoint started");
                if (progress != null) {
                    reporter = Thread.ofPlatform().daemon().start(() -> progress(provider, tracking, callbacks));
                }
                Thread trouble = Thread.ofPlatform().daemon().start(() -> trouble(hookpoint, provider));
                String run = UUID.randomUUID().toString().substring(0, 8);
                LabCampaign campaign = new LabCampaign(options, population, ledger, timeline, client, base,
                        authorization, run);
                for (int round = 1; round <= 2; round++) {
                    phase = "round " + round;
                    campaign.run(round);
                    phase = "settling " + round;
                    if (round == 2) {
                        trouble.join();
                    }
                    settle(client, base, callbacks, provider);
                }
                trouble.join();
                phase = "checking";
            }
            hookpointUp = false;
            Map<String, LabChecks.Stored> stored = HookpointStore.messages(dir.resolve("data/hookpoint.db"));
            List<ProviderStub.Call> calls = provider.calls().all();
            writeCalls(dir.resolve("provider-calls.csv"), calls);
            LabChecks checks = new LabChecks(options, population, ledger, stored, calls, provider.fates(),
                    provider.stopsAcknowledged(), tracking.events(), killMillis == 0 ? Crash.NONE
                    : new Crash(killMillis, relaunchMillis, inFlightAtKill));
            return new LabReport(options, checks, timeline, ledger, calls.size(), callbacks.failures(),
                    tracking.eventCount(), dir, provider.refusedCode(), provider.undeliveredCode(),
                    callbacks.meanAnswerMillis(), callbacks.slowestAnswerMillis());
        } finally {
            if (reporter != null) {
                reporter.interrupt();
            }
            client.close();
        }
    }

    // the outage and the kill, at their times since the start
    private void trouble(HookpointChild hookpoint, ProviderStub provider) {
        try {
            if (options.outage() && (!options.kill() || options.outageAt() <= options.killAt())) {
                outage(provider);
            }
            if (options.kill()) {
                sleepUntil(options.killAt());
                hookpointUp = false;
                killMillis = System.currentTimeMillis();
                hookpoint.kill();
                timeline.mark("hookpoint killed (SIGKILL)");
                // what the dead process held without a committed outcome: the only messages it may send again
                inFlightAtKill = HookpointStore.sending(options.directory().toAbsolutePath().resolve("data/hookpoint.db"));
                // the dead process's last requests may still be in the stub's sockets, their handlers not yet
                // started (one on the CI machine started 221 ms after the kill, after an instant relaunch): the
                // relaunch waits until the stub has been quiet for a second, so that every call starting before
                // it is the killed process's and none of the new process's can
                if (!provider.calls().awaitQuiet(1_000, 15_000)) {
                    timeline.mark("provider stub not quiet 15 s after the kill");
                }
                relaunchMillis = System.currentTimeMillis();
                hookpoint.start();
                hookpointUp = true;
                timeline.mark("hookpoint restarted");
            }
            if (options.outage() && options.kill() && options.outageAt() > options.killAt()) {
                outage(provider);
            }
        } catch (IOException | InterruptedException e) {
            timeline.mark("trouble failed: " + e.getMessage());
        }
    }

    private void outage(ProviderStub provider) throws InterruptedException, IOException {
        sleepUntil(options.outageAt());
        timeline.mark("provider outage begins");
        if (options.outageRefuses()) {
            provider.refuse(true);
        } else {
            provider.unavailable(true);
        }
        sleepUntil(options.outageAt() + options.outageSeconds());
        if (options.outageRefuses()) {
            provider.refuse(false);
        } else {
            provider.unavailable(false);
        }
        timeline.mark("provider outage ends");
    }

    private void sleepUntil(double second) throws InterruptedException {
        long wait = Math.round((second - timeline.seconds()) * 1000);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    // until nothing moves: no message queued or in a call, no report or reply unanswered, no event pending
    private void settle(HttpClient client, URI base, Callbacks callbacks, ProviderStub provider) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.settleTimeoutSeconds());
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 3) {
            Thread.sleep(500);
            Map<String, Double> metrics = hookpointUp ? metrics(client, base) : Map.of();
            boolean idle = !metrics.isEmpty()
                    && metrics.getOrDefault("hookpoint_messages/queued", 0.0) == 0
                    && metrics.getOrDefault("hookpoint_messages/sending", 0.0) == 0
                    && metrics.getOrDefault("hookpoint_bloomreach_events/pending", 0.0) == 0
                    && callbacks.open() == 0 && provider.calls().underWay() == 0;
            quiet = idle ? quiet + 1 : 0;
        }
    }

    private static Map<String, Double> metrics(HttpClient client, URI base) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/observe/metrics"))
                    .header("Accept", "text/plain").timeout(Duration.ofSeconds(5)).GET().build();
            String text = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> values = new HashMap<>();
            Matcher m = METRIC.matcher(text);
            while (m.find()) {
                Matcher label = Pattern.compile("(?:status|state)=\"([a-z_]+)\"").matcher(m.group(2));
                if (label.find()) {
                    values.put(m.group(1) + "/" + label.group(1), Double.parseDouble(m.group(3)));
                }
            }
            return values;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private void progress(ProviderStub provider, TrackingLab tracking, Callbacks callbacks) {
        long[] before = callbacks.answerTotals();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.SECONDS.sleep(1);
                // the answer time of the last second's callbacks: Hookpoint's pace, not the lab's
                long[] now = callbacks.answerTotals();
                double millis = now[0] == before[0] ? 0 : (now[1] - before[1]) / 1e6 / (now[0] - before[0]);
                before = now;
                progress.printf("lab %5.0fs %-11s webhooks %d/%d, provider %d taken, callbacks %d (%d open, %d in flight,"
                                + " %.0f ms), events %d, hookpoint %s%n",
                        timeline.seconds(), phase, timeline.total(Timeline.Hop.WEBHOOKS), 2L * options.customers(),
                        timeline.total(Timeline.Hop.PROVIDER), timeline.total(Timeline.Hop.REPORTS), callbacks.open(),
                        callbacks.inFlight(), millis, tracking.eventCount(), hookpointUp ? "up" : "DOWN");
                progress.flush();
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    // every provider call, for a look at what a check names (a message called twice, a call at the kill)
    private static void writeCalls(Path file, List<ProviderStub.Call> calls) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println("message_id,phone,start_ms,end_ms,status,answer,code");
            for (ProviderStub.Call c : calls) {
                out.println(c.messageId() + "," + c.phone() + "," + c.startMillis() + "," + c.endMillis() + ","
                        + c.status() + "," + c.answer() + "," + (c.code() == null ? "" : c.code()));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
