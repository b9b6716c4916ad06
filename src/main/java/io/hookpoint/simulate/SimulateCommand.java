package io.hookpoint.simulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.hookpoint.simulate.EndpointClient.Exchange;
import io.hookpoint.simulate.SimulationOptions.KeyTemplate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar hookpoint.jar simulate ...}: plays Bloomreach Engagement against a webhook endpoint
 * (Hookpoint or any other) and prints whether Bloomreach will be happy with it, and why not.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Plays Bloomreach Engagement against a webhook endpoint and prints a conformance report.",
        footer = "Exit code: 0 when every requirement passes, 1 when one fails, 2 on a usage error.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "the webhook URL (with --batch-size: the batch URL)")
    private URI url;
    @Option(names = "--user", required = true, paramLabel = "USER", description = "Basic auth user")
    private String user;
    @Option(names = "--password-file", required = true, paramLabel = "FILE",
            description = "file holding the password (first line)")
    private Path passwordFile;
    @Option(names = "--check-url", paramLabel = "URL", description = "credential-test URL (default: <prefix>/auth/check"
            + " when the URL ends in /sms or /sms/batch; otherwise the check is skipped)")
    private URI checkUrl;
    @Option(names = "--customers", paramLabel = "N", defaultValue = "10000", description = "synthetic customers (default ${DEFAULT-VALUE})")
    private int customers;
    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "200",
            description = "requests in flight (default ${DEFAULT-VALUE}, Bloomreach's default)")
    private int concurrency;
    @Option(names = "--batch-size", paramLabel = "N", description = "send batches of N customers (1..1000) instead of one per request")
    private Integer batchSize;
    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1",
            description = "factor on the 7/45/300 s retry delays (default ${DEFAULT-VALUE}; 0.01 = 100x faster)")
    private double timeScale;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "request timeout (default ${DEFAULT-VALUE}, as Bloomreach)")
    private double timeoutSeconds;
    @Option(names = "--trust-cert", paramLabel = "FILE", description = "trust these PEM certificates instead of the JVM's CAs")
    private Path trustCert;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
    private Path json;
    @Option(names = "--bad-data-every", paramLabel = "N", defaultValue = "20",
            description = "every N-th customer has unusable data (default ${DEFAULT-VALUE}; 0 = none)")
    private int badDataEvery;
    @Option(names = "--duplicate-every", paramLabel = "N", defaultValue = "10",
            description = "every N-th delivered request is sent again (default ${DEFAULT-VALUE}; 0 = none)")
    private int duplicateEvery;
    @Option(names = "--abort-after", paramLabel = "N", defaultValue = "100",
            description = "unrecoverable errors before the rest is aborted (default ${DEFAULT-VALUE})")
    private int abortAfter;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the retry jitter (default ${DEFAULT-VALUE})")
    private int seed;
    @Option(names = "--sends-per-customer", paramLabel = "N", defaultValue = "1",
            description = "messages per customer, one round each (a second order, a recurring scenario; default ${DEFAULT-VALUE})")
    private int sendsPerCustomer;
    @Option(names = "--naive-key", description = "build the key from scenario, action and customer only, as a template"
            + " without a per-send part does: later messages to a customer reuse the first one's key")
    private boolean naiveKey;
    @Option(names = "--quiet", description = "no progress lines")
    private boolean quiet;

    /** A command with every option at its default; picocli fills it in. */
    public SimulateCommand() {
    }

    @Override
    public Integer call() {
        SimulationOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ConformanceReport report = simulate(options, options.progress() ? err : null);
            out.print(report.text());
            if (options.json().isPresent()) {
                Files.writeString(options.json().get(), report.json(), StandardCharsets.UTF_8);
                out.println("JSON report: " + options.json().get());
            }
            out.flush();
            return report.passed() ? 0 : 1;
        } catch (IOException | GeneralSecurityException e) {
            err.println("simulate: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("simulate: interrupted");
            return 2;
        }
    }

    // the checks picocli's types do not make; a ParameterException is a usage error (exit code 2)
    private SimulationOptions options() {
        web(url, "--url");
        if (checkUrl != null) {
            web(checkUrl, "--check-url");
        }
        range("--customers", customers, 1, 100_000_000);
        range("--concurrency", concurrency, 1, 10_000);
        if (batchSize != null) {
            range("--batch-size", batchSize, 1, 1000);
        }
        range("--bad-data-every", badDataEvery, 0, Integer.MAX_VALUE);
        range("--duplicate-every", duplicateEvery, 0, Integer.MAX_VALUE);
        range("--abort-after", abortAfter, 1, Integer.MAX_VALUE);
        range("--seed", seed, 0, Integer.MAX_VALUE);
        range("--sends-per-customer", sendsPerCustomer, 1, 100);
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw usage("--time-scale must be a number >= 0");
        }
        if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds) || Math.round(timeoutSeconds * 1000) == 0) {
            throw usage("--timeout must be positive");
        }
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw usage("cannot read --password-file " + passwordFile + ": " + e.getMessage());
        }
        if (trustCert != null && !Files.isReadable(trustCert)) {
            throw usage("cannot read --trust-cert " + trustCert);
        }
        Optional<URI> check = checkUrl != null ? Optional.of(checkUrl) : SimulationOptions.derivedCheckUrl(url);
        return new SimulationOptions(url, user, password, check, customers, concurrency,
                batchSize == null ? 0 : batchSize, timeScale, Duration.ofMillis(Math.round(timeoutSeconds * 1000)),
                Optional.ofNullable(trustCert), Optional.ofNullable(json), badDataEvery, duplicateEvery, abortAfter,
                seed, !quiet, sendsPerCustomer, naiveKey ? KeyTemplate.NAIVE : KeyTemplate.PER_SEND);
    }

    private void web(URI uri, String option) {
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw usage(option + " must be an http(s) URL: " + uri);
        }
    }

    private void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage(option + " must be between " + min + " and " + max);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Probes the endpoint, runs the campaign and builds the report.
     *
     * @param options  the options
     * @param progress where progress lines go, or null
     * @return the report
     * @throws IOException              when the trusted certificates cannot be read
     * @throws GeneralSecurityException when they cannot be used
     * @throws InterruptedException     when interrupted
     */
    static ConformanceReport simulate(SimulationOptions options, PrintWriter progress)
            throws IOException, GeneralSecurityException, InterruptedException {
        // a run id keeps the keys of two runs against one endpoint apart
        String run = UUID.randomUUID().toString().substring(0, 8);
        SyntheticCustomers customers = new SyntheticCustomers(run, options.badDataEvery(), options.keys());
        try (EndpointClient client = new EndpointClient(options.trustCert(), options.timeout())) {
            Probes probes = new Probes(options, client, customers);
            Probes.Handshake handshake = probes.handshake();
            Exchange anonymous = probes.withoutCredentials();
            Exchange wrong = probes.withWrongCredentials();
            Optional<Exchange> check = options.checkUrl().map(probes::credentialTest);
            Latencies handshakes = client.open(options.url(), options.concurrency());
            Campaign campaign = new Campaign(options, client, customers);
            Campaign.Result result = campaign.run(progress);
            return ConformanceReport.of(options, handshake, anonymous, wrong, check, handshakes, result,
                    campaign.latencies());
        }
    }
}
