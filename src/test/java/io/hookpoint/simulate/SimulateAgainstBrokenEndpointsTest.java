package io.hookpoint.simulate;

import io.hookpoint.testing.SimulatorVerdicts;
import io.hookpoint.testing.WebhookEndpointStub;
import io.hookpoint.testing.WebhookEndpointStub.Flaw;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The simulator against endpoints that break one of Bloomreach's requirements each: the report names
 * the failure, the simulated campaign shows what Bloomreach would do, and the exit code is 1.
 */
class SimulateAgainstBrokenEndpointsTest {

    private static SimulatorReport simulate(WebhookEndpointStub endpoint, String... options) {
        return SimulatorReport.run(endpoint.url(), WebhookEndpointStub.USER, WebhookEndpointStub.PASSWORD,
                endpoint.certificate(), options);
    }

    @Test
    void aWellBehavedEndpointPasses() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start()) {
            SimulatorReport report = simulate(endpoint, "--customers", "200", "--concurrency", "20");

            SimulatorVerdicts.assertAllPassButLatency(report.exitCode(), report.json(), report.text());
            // the stub has its credential test at Hookpoint's path, so the simulator derives it from --url
            assertThat(report.verdicts().get("credential-test"), is("PASS"));
        }
    }

    @Test
    void a400ForOneCustomersBadDataStopsTheWholeCampaign() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.REJECTS_BAD_DATA_WITH_400)) {
            SimulatorReport report = simulate(endpoint, "--customers", "100", "--concurrency", "1");

            assertThat(report.exitCode(), is(1));
            assertThat(report.verdicts().get("data-problems"), is("FAIL"));
            assertThat(report.verdicts().get("no-stop"), is("FAIL"));
            assertThat(report.measured("no-stop"), containsString("customer 20 (empty phone number) was answered 400"));
            assertThat(report.verdicts().get("campaign"), is("FAIL"));
            // one at a time: customers 1..19 delivered, 20 failed and stopped the rest
            assertThat(report.outcome("delivered"), is(19L));
            assertThat(report.outcome("failed"), is(1L));
            assertThat(report.outcome("stopped"), is(80L));
            assertThat(report.text(), allOf(containsString("FAIL  a customer's unusable data is answered 200"),
                    containsString("RESULT: FAIL")));
        }
    }

    @Test
    void aSlowEndpointFailsTheLatencyBoundButIsDelivered() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.SLOW)) {
            SimulatorReport report = simulate(endpoint, "--customers", "20", "--concurrency", "20",
                    "--bad-data-every", "0", "--duplicate-every", "0", "--time-scale", "0.001");

            assertThat(report.text(), report.exitCode(), is(1));
            assertThat(report.text(), report.verdicts().get("latency"), is("FAIL"));
            assertThat(report.json().getJsonObject("latency").getJsonNumber("p99_ms").doubleValue(),
                    greaterThanOrEqualTo(1000.0));
            assertThat(report.verdicts().get("campaign"), is("PASS"));
            assertThat(report.verdicts().get("timeout"), is("PASS"));
            assertThat(report.outcome("delivered"), is(20L));
        }
    }

    @Test
    void requestsPastTheTimeoutAreRetriedThenFailed() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.SLOW)) {
            SimulatorReport report = simulate(endpoint, "--customers", "5", "--concurrency", "5", "--timeout", "0.3",
                    "--bad-data-every", "0", "--duplicate-every", "0", "--time-scale", "0.0001");

            assertThat(report.exitCode(), is(1));
            assertThat(report.verdicts().get("timeout"), is("FAIL"));
            // 4 attempts per customer (3 retries), each timed out
            assertThat(report.measured("timeout"), containsString("20 timed out"));
            assertThat(report.outcome("retry_requests"), is(15L));
            assertThat(report.outcome("failed"), is(5L));
            assertThat(report.verdicts().get("campaign"), is("FAIL"));
        }
    }

    @Test
    void anEndpointWithoutAuthenticationFailsBothCredentialChecks() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.NO_AUTHENTICATION)) {
            SimulatorReport report = simulate(endpoint, "--customers", "50", "--concurrency", "10");

            assertThat(report.exitCode(), is(1));
            assertThat(report.verdicts().get("auth-missing"), is("FAIL"));
            assertThat(report.measured("auth-missing"), is("200"));
            assertThat(report.verdicts().get("auth-wrong"), is("FAIL"));
            assertThat(report.verdicts().get("campaign"), is("PASS"));
        }
    }

    @Test
    void anEndpointAnswering500ForeverIsRetriedOnScheduleThenTheCampaignIsAborted() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.FAILS_WITH_500)) {
            SimulatorReport report = simulate(endpoint, "--customers", "40", "--concurrency", "4",
                    "--abort-after", "10", "--time-scale", "0.001");

            assertThat(report.exitCode(), is(1));
            assertThat(report.verdicts().get("campaign"), is("FAIL"));
            long failed = report.outcome("failed");
            // every failed customer had its 3 retries (4 attempts) before it counted as unrecoverable
            assertThat(failed, allOf(greaterThanOrEqualTo(10L), lessThan(14L)));
            assertThat(report.outcome("retry_requests"), greaterThanOrEqualTo(3 * failed));
            assertThat(report.outcome("retried_customers"), greaterThanOrEqualTo(failed));
            assertThat(report.outcome("aborted"), greaterThan(0L));
            assertThat(report.outcome("delivered"), is(0L));
            assertThat(report.measured("campaign"), containsString("aborted: "));
            assertThat(report.measured("campaign"), containsString("answered 500 after 4 attempts"));
        }
    }

    @Test
    void aBatchWebhookIsRetriedSevenTimesAndFailsForEveryCustomerInIt() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.FAILS_WITH_500)) {
            SimulatorReport report = SimulatorReport.run(endpoint.url() + "/batch", WebhookEndpointStub.USER,
                    WebhookEndpointStub.PASSWORD, endpoint.certificate(), "--customers", "20", "--batch-size", "10",
                    "--concurrency", "2", "--duplicate-every", "0", "--time-scale", "0.0001");

            assertThat(report.exitCode(), is(1));
            // batches of 10 or more: 7 retries (8 attempts) each, then all 10 customers failed
            assertThat(report.outcome("retry_requests"), is(14L));
            assertThat(report.outcome("requests"), is(16L));
            assertThat(report.outcome("failed"), is(20L));
        }
    }

    @Test
    void wrongCredentialsFailEachCustomerWithoutStoppingTheWebhook() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start()) {
            SimulatorReport report = SimulatorReport.run(endpoint.url(), WebhookEndpointStub.USER, "not-the-password",
                    endpoint.certificate(), "--customers", "30", "--concurrency", "1", "--abort-after", "1000");

            assertThat(report.exitCode(), is(1));
            // 401 is "another 4xx": failed for this customer, not retried, not stopping
            assertThat(report.outcome("failed"), is(30L));
            assertThat(report.outcome("retry_requests"), is(0L));
            assertThat(report.outcome("stopped"), is(0L));
            assertThat(report.verdicts().get("no-stop"), is("PASS"));
            assertThat(report.verdicts().get("credential-test"), is("FAIL"));
        }
    }

    @Test
    void anEndpointThatProcessesDuplicatesAgainFailsTheDuplicateCheck() {
        try (WebhookEndpointStub endpoint = WebhookEndpointStub.start(Flaw.DOUBLE_PROCESSES_DUPLICATES)) {
            SimulatorReport report = simulate(endpoint, "--customers", "100", "--concurrency", "10",
                    "--bad-data-every", "0");

            assertThat(report.exitCode(), is(1));
            assertThat(report.verdicts().get("duplicates"), is("FAIL"));
            assertThat(report.measured("duplicates"), containsString("0 of 10 consistent"));
            // it really did process them twice: 100 customers and 10 duplicates (the auth probes got 401)
            assertThat(endpoint.processed(), is(110));
        }
    }

    @Test
    void aMissingOptionIsAUsageError() {
        SimulatorReport report = SimulatorReport.run("https://localhost:1/api/v1/sms", "u", "p",
                java.nio.file.Path.of("/nonexistent.pem"));

        assertThat(report.exitCode(), is(2));
        assertThat(report.text(), containsString("cannot read --trust-cert"));
    }
}
