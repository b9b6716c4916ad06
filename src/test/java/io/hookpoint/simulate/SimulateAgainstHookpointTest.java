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

    @Test
    void aKeyWithAPerSendPartGetsEveryCustomersSecondMessageSent() {
        SimulatorReport report = SimulatorReport.run(base + "/sms", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "100", "--concurrency", "20", "--sends-per-customer", "2",
                "--bad-data-every", "0", "--time-scale", "0.001");

        assertThat(report.text(), report.verdicts().get("repeat-sends"), is("PASS"));
        assertThat(report.outcome("later_messages"), is(100L));
        assertThat(report.outcome("later_messages_sent"), is(100L));
        assertThat(report.outcome("later_messages_replayed"), is(0L));
        assertThat(report.outcome("later_messages_refused_422"), is(0L));
        assertThat(report.outcome("delivered"), is(200L));
        assertThat(report.verdicts().get("campaign"), is("PASS"));
    }

    @Test
    void aNaiveKeySwallowsEverySecondMessageAsAReplayOrA422() {
        SimulatorReport report = SimulatorReport.run(base + "/sms", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "100", "--concurrency", "20", "--sends-per-customer", "2",
                "--naive-key", "--bad-data-every", "0", "--abort-after", "1000", "--time-scale", "0.001");

        assertThat(report.exitCode(), is(1));
        assertThat(report.verdicts().get("repeat-sends"), is("FAIL"));
        assertThat(report.outcome("later_messages"), is(100L));
        assertThat(report.outcome("later_messages_sent"), is(0L));
        // even customers get the same reminder again (a replay), odd ones a second order (another text: 422)
        assertThat(report.outcome("later_messages_replayed"), is(50L));
        assertThat(report.outcome("later_messages_refused_422"), is(50L));
        assertThat(report.measured("repeat-sends"), containsString("0 of 100 later messages sent"));
        // Bloomreach counts the replays as delivered and the 422s as failed
        assertThat(report.outcome("delivered"), is(150L));
        assertThat(report.outcome("failed"), is(50L));
    }

    @Test
    void inBatchesTooANaiveKeySwallowsTheSecondMessagesAndAPerSendKeyDoesNot() {
        SimulatorReport naive = SimulatorReport.run(base + "/sms/batch", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "100", "--batch-size", "50", "--concurrency", "2",
                "--sends-per-customer", "2", "--naive-key", "--bad-data-every", "0", "--time-scale", "0.001");
        SimulatorReport perSend = SimulatorReport.run(base + "/sms/batch", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "100", "--batch-size", "50", "--concurrency", "2",
                "--sends-per-customer", "2", "--bad-data-every", "0", "--time-scale", "0.001");

        assertThat(naive.text(), naive.verdicts().get("repeat-sends"), is("FAIL"));
        assertThat(naive.outcome("later_messages_replayed"), is(50L));
        assertThat(naive.outcome("later_messages_refused_422"), is(50L));
        assertThat(naive.outcome("later_messages_sent"), is(0L));
        assertThat(perSend.text(), perSend.verdicts().get("repeat-sends"), is("PASS"));
        assertThat(perSend.outcome("later_messages_sent"), is(100L));
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
