package io.hookpoint.simulate;

import java.util.Map;

import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

/** The simulator against Hookpoint itself: every requirement passes, per customer and in batches. */
class SimulateAgainstHookpointTest extends HookpointServerTest {
    private final String base;

    SimulateAgainstHookpointTest(WebServer server) {
        super(server);
        this.base = "https://localhost:" + server.port() + "/api/v1";
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }

    @Test
    void everyRequirementPassesPerCustomer() {
        SimulatorReport report = SimulatorReport.run(base + "/sms", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "400", "--concurrency", "40", "--time-scale", "0.001");

        assertThat(report.text(), report.exitCode(), is(0));
        assertThat(report.text(), report.verdicts().values(), everyItem(is("PASS")));
        assertThat(report.verdicts().size(), is(12));
        assertThat(report.outcome("delivered"), is(400L));
        // every 20th customer has unusable data: answered 200 with success false
        assertThat(report.outcome("delivered_with_errors_in_body"), is(20L));
        assertThat(report.outcome("duplicates_sent"), is(40L));
        assertThat(report.measured("https"), containsString("TLSv1.3"));
        assertThat(report.text(), containsString("RESULT: PASS"));
    }

    @Test
    void everyRequirementPassesInBatches() {
        SimulatorReport report = SimulatorReport.run(base + "/sms/batch", TestHookpoint.USER, TestHookpoint.PASSWORD,
                hookpoint.certificate(), "--customers", "1000", "--batch-size", "100", "--concurrency", "4",
                "--duplicate-every", "2", "--time-scale", "0.001");

        assertThat(report.text(), report.exitCode(), is(0));
        assertThat(report.text(), report.verdicts().values(), everyItem(is("PASS")));
        assertThat(report.outcome("delivered"), is(1000L));
        assertThat(report.outcome("delivered_with_errors_in_body"), is(50L));
        assertThat(report.outcome("duplicates_sent"), is(5L));
        assertThat(report.outcome("requests"), is(15L));
    }
}
