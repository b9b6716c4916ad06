package io.hookpoint.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar hookpoint.jar lab ...}: runs a campaign through the whole chain on this machine
 * (Bloomreach, Hookpoint as a child process, a provider stub, the Tracking API stub) and accounts for every
 * customer; exit code 1 when a check fails.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a campaign through Bloomreach -> Hookpoint -> provider -> Hookpoint -> Bloomreach on this"
                + " machine and accounts for every customer.",
        footer = "Exit code: 0 when every check passes, 1 when one fails, 2 on a usage error.")
public final class LabCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--provider", defaultValue = "twilio", description = "the provider the stub plays: twilio, vonage, infobip or sinch (default ${DEFAULT-VALUE})")
    private String provider;
    @Option(names = "--customers", defaultValue = "100000", description = "customers (default ${DEFAULT-VALUE})")
    private int customers;
    @Option(names = "--batch-size", defaultValue = "0", description = "customers per batch request; 0: per-customer webhook (default)")
    private int batchSize;
    @Option(names = "--concurrency", defaultValue = "200", description = "webhook requests in flight (default ${DEFAULT-VALUE})")
    private int concurrency;
    @Option(names = "--time-scale", defaultValue = "0.1", description = "factor on Bloomreach's retry delays 7/45/300 s (default ${DEFAULT-VALUE})")
    private double timeScale;
    @Option(names = "--bad-data", defaultValue = "0.02", description = "share of customers with unusable data (default ${DEFAULT-VALUE})")
    private double badData;
    @Option(names = "--duplicates", defaultValue = "0.05", description = "share of requests delivered twice (default ${DEFAULT-VALUE})")
    private double duplicates;
    @Option(names = "--stop", defaultValue = "0.02", description = "share of customers who reply STOP before the second message (default ${DEFAULT-VALUE})")
    private double stop;
    @Option(names = "--rejected", defaultValue = "0.005", description = "share of numbers the provider refuses for good, with its own code (default ${DEFAULT-VALUE})")
    private double rejected;
    @Option(names = "--undelivered", defaultValue = "0.01", description = "share of handsets unreachable, reported with the provider's code (default ${DEFAULT-VALUE})")
    private double undelivered;
    @Option(names = "--latency", defaultValue = "100", description = "provider answer time in ms (default ${DEFAULT-VALUE})")
    private int latency;
    @Option(names = "--throttle", defaultValue = "0.0005", description = "share of provider calls answered 429, each pausing Hookpoint's lane 1 s (default ${DEFAULT-VALUE})")
    private double throttle;
    @Option(names = "--outage-at", defaultValue = "-1", description = "second of the run when the provider's outage begins (default: none)")
    private double outageAt;
    @Option(names = "--outage-seconds", defaultValue = "10", description = "length of the outage (default ${DEFAULT-VALUE})")
    private double outageSeconds;
    @Option(names = "--outage-mode", defaultValue = "5xx", description = "5xx (503 answers) or refused (connections refused)")
    private String outageMode;
    @Option(names = "--report-delay", defaultValue = "500", description = "ms from send to delivery report (default ${DEFAULT-VALUE})")
    private int reportDelay;
    @Option(names = "--report-duplicates", defaultValue = "0.05", description = "share of final reports sent twice (default ${DEFAULT-VALUE})")
    private double reportDuplicates;
    @Option(names = "--report-reorder", defaultValue = "0.05", description = "share of final reports before 'sent' (default ${DEFAULT-VALUE})")
    private double reportReorder;
    @Option(names = "--kill-at", defaultValue = "-1", description = "second of the run when Hookpoint gets SIGKILL and restarts (default: never)")
    private double killAt;
    @Option(names = "--seed", defaultValue = "1", description = "seed of every share (default ${DEFAULT-VALUE})")
    private long seed;
    @Option(names = "--dir", description = "the run's directory (default target/lab/<time>)")
    private Path dir;
    @Option(names = "--json", description = "also write the report as JSON to this file")
    private Path json;
    @Option(names = "--settle-timeout", defaultValue = "600", description = "longest wait in s for the chain to go quiet (default ${DEFAULT-VALUE})")
    private int settleTimeout;
    @Option(names = "--fault", hidden = true, description = "a broken variant of Hookpoint (tests of the lab itself)")
    private String fault;
    @Option(names = "--quiet", description = "no progress line")
    private boolean quiet;

    /** A command with every option at its default; picocli fills it in. */
    public LabCommand() {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        LabOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        LabReport report = Lab.run(options, quiet ? null : spec.commandLine().getErr());
        out.print(report.text());
        Path picture = options.directory().resolve("lab-report.html");
        Files.writeString(picture, LabPicture.html(report), StandardCharsets.UTF_8);
        out.println("Picture: " + picture);
        if (json != null) {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
            out.println("JSON report: " + json);
        }
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private LabOptions options() {
        if (!ProviderStub.PROVIDERS.contains(provider)) {
            throw usage("--provider is one of " + String.join(", ", ProviderStub.PROVIDERS));
        }
        range("--customers", customers, 1, 999_999);
        range("--batch-size", batchSize, 0, 1000);
        range("--concurrency", concurrency, 1, 5000);
        for (double share : new double[] {badData, duplicates, stop, rejected, undelivered, throttle, reportDuplicates, reportReorder}) {
            if (!(share >= 0 && share <= 1)) {
                throw usage("shares are between 0 and 1");
            }
        }
        if (!outageMode.equals("5xx") && !outageMode.equals("refused")) {
            throw usage("--outage-mode is 5xx or refused");
        }
        Optional<LabFaults.Fault> broken;
        try {
            broken = Optional.ofNullable(fault).map(LabFaults.Fault::of);
        } catch (IllegalArgumentException e) {
            throw usage("--fault: unknown " + fault);
        }
        Path directory = dir != null ? dir : Path.of("target", "lab",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new LabOptions(provider, customers, batchSize, concurrency, timeScale, badData, duplicates, stop, rejected,
                undelivered, latency, throttle, outageAt, outageSeconds, outageMode.equals("refused"), reportDelay,
                reportDuplicates, reportReorder, killAt, seed, directory, Optional.ofNullable(json), broken,
                settleTimeout, !quiet);
    }

    private void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage(option + " must be between " + min + " and " + max);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
