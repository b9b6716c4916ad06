package io.hookpoint.simulate;

import java.util.Map;

import io.hookpoint.testing.ContractCheckingProxy;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.SimulatorVerdicts;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The simulator against Hookpoint itself: every requirement passes, per customer and in batches, except
 * the latency verdict, which is printed and left to {@code make bench} (see {@link SimulatorVerdicts}).
 */
class SimulateAgainstHookpointTest extends HookpointServerTest {
    private final String base;
    private final int port;

    SimulateAgainstHookpointTest(WebServer server) {
        super(server);
        this.base = "https://localhost:" + server.port() + "/api/v1";
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }

    @Test
    void everyRequirementPassesPerCustomer() {
        SimulatorReport report = SimulatorReport.run(base + "/sms", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "400", "--concurrency", "40", "--time-scale", "0.001");

        SimulatorVerdicts.assertAllPassButLatency(report.exitCode(), report.json(), report.text());
        assertThat(report.verdicts().size(), is(12));
        assertThat(report.outcome("delivered"), is(400L));
        // every 20th customer has unusable data: answered 200 with success false
        assertThat(report.outcome("delivered_with_errors_in_body"), is(20L));
        assertThat(report.outcome("duplicates_sent"), is(40L));
        assertThat(report.measured("https"), containsString("TLSv1.3"));
    }

    @Test
    void everyRequirementPassesInBatches() {
        SimulatorReport report = SimulatorReport.run(base + "/sms/batch", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "1000", "--batch-size", "100", "--concurrency", "4",
                "--duplicate-every", "2", "--time-scale", "0.001");

        SimulatorVerdicts.assertAllPassButLatency(report.exitCode(), report.json(), report.text());
        assertThat(report.outcome("delivered"), is(1000L));
        assertThat(report.outcome("delivered_with_errors_in_body"), is(50L));
        assertThat(report.outcome("duplicates_sent"), is(5L));
        assertThat(report.outcome("requests"), is(15L));
    }

    /** What Hookpoint answers the simulator, per customer and in batches, is what openapi.yaml declares. */
    @Test
    void everyAnswerTheSimulatorGetsMatchesTheContract() throws Exception {
        try (ContractCheckingProxy proxy = ContractCheckingProxy.tls(port, hookpoint.certificate(),
                hookpoint.directory().resolve("tls/key.pem"))) {
            String through = "https://localhost:" + proxy.port() + "/api/v1";
            SimulatorReport single = SimulatorReport.run(through + "/sms", TestHookpoint.USER, TestHookpoint.PASSWORD,
                    hookpoint.certificate(), "--customers", "100", "--concurrency", "10", "--time-scale", "0.001");
            SimulatorReport batch = SimulatorReport.run(through + "/sms/batch", TestHookpoint.USER,
                    TestHookpoint.PASSWORD, hookpoint.certificate(), "--customers", "200", "--batch-size", "50",
                    "--concurrency", "2", "--duplicate-every", "2", "--time-scale", "0.001");

            assertThat(proxy.violations().toString(), proxy.violations().isEmpty(), is(true));
            // every request went through the recorder: the campaign's requests plus the probes
            assertThat(proxy.answers() >= single.outcome("requests") + batch.outcome("requests"), is(true));
            assertThat(single.outcome("delivered"), is(100L));
            assertThat(batch.outcome("delivered"), is(200L));
        }
    }
}
