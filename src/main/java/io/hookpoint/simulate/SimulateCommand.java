package io.hookpoint.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.hookpoint.simulate.EndpointClient.Exchange;

/**
 * {@code java -jar hookpoint.jar simulate ...}: plays Bloomreach Engagement against a webhook endpoint
 * (Hookpoint or any other) and prints whether Bloomreach will be happy with it, and why not.
 */
public final class SimulateCommand {
    private SimulateCommand() {
    }

    /**
     * Runs the simulation.
     *
     * @param args the arguments after {@code simulate}
     * @param out  where the report goes
     * @param err  where progress and usage errors go
     * @return the exit code: 0 all requirements pass, 1 one fails, 2 usage error
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(args);
        } catch (SimulationOptions.UsageException e) {
            err.println("simulate: " + e.getMessage());
            err.print(SimulationOptions.USAGE);
            return 2;
        }
        try {
            ConformanceReport report = simulate(options, options.progress() ? err : null);
            out.print(report.text());
            if (options.json().isPresent()) {
                Files.writeString(options.json().get(), report.json(), StandardCharsets.UTF_8);
                out.println("JSON report: " + options.json().get());
            }
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
    static ConformanceReport simulate(SimulationOptions options, PrintStream progress)
            throws IOException, GeneralSecurityException, InterruptedException {
        // a run id keeps the keys of two runs against one endpoint apart
        String run = UUID.randomUUID().toString().substring(0, 8);
        SyntheticCustomers customers = new SyntheticCustomers(run, options.badDataEvery());
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
