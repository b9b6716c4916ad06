package io.hookpoint.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The campaign lab run small against the real chain (Hookpoint as a child process over TLS, the Twilio and
 * Tracking API stubs): healthy, with a provider outage and a SIGKILL, every check passes and every customer
 * is accounted for; each deliberately broken variant of Hookpoint ({@link LabFaults}) is caught by its check.
 */
class LabTest {
    @Test
    void healthyChainWithOutageAndKillPassesEveryCheck(@TempDir Path dir) throws Exception {
        // the outage and the kill fall in round 1 or in the settling after it (Hookpoint starts in about 5 s)
        LabOptions options = LabOptions.small(2000, dir).withTrouble(7, 3, false, 10);

        LabReport report = Lab.run(options, null);

        assertThat(report.failed()).as(report.text()).isEmpty();
        assertThat(report.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4000);
        Map<String, Long> outcomes = report.outcomes();
        assertThat(outcomes).containsKeys("delivered to handset", "undelivered (30003)", "refused: bad data (1001)",
                "refused: bad data (1004)", "refused: opted out (1012)", "failed: provider refused (21614)");
        // every 50th customer has bad data, alternately 1001 and 1004: 20 each per round, two rounds
        assertThat(outcomes.get("refused: bad data (1001)")).isEqualTo(40);
        assertThat(report.text()).contains("hookpoint killed (SIGKILL)", "provider outage begins", "RESULT: PASS");
        assertThat(report.json()).contains("\"passed\":true");
        assertThat(LabPicture.html(report)).contains("<svg", "webhooks answered", "delivered to handset");
    }

    @ParameterizedTest(name = "{0}: healthy, with an outage and a kill")
    @ValueSource(strings = {"vonage", "infobip", "sinch"})
    void everyProviderStubPlaysTheWholeChain(String provider, @TempDir Path dir) throws Exception {
        // Hookpoint starts in 5 to 12 s on this machine: the troubles come after that, in round 1 or the settling
        LabOptions options = LabOptions.small(600, dir).withProvider(provider).withTrouble(12, 2, false, 15);

        LabReport report = Lab.run(options, null);

        assertThat(report.failed()).as(report.text()).isEmpty();
        assertThat(report.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1200);
        ProviderCodes codes = ProviderCodes.of(provider);
        assertThat(report.outcomes()).containsKeys("delivered to handset", "undelivered (" + codes.undelivered() + ")",
                "refused: opted out (1012)", "failed: provider refused (" + codes.refused() + ")");
        assertThat(report.text()).contains(provider + " stub", "hookpoint killed (SIGKILL)", "RESULT: PASS");
    }

    /** The codes each stub plays, as the report must name them. */
    record ProviderCodes(String refused, String undelivered) {
        static ProviderCodes of(String provider) {
            return switch (provider) {
                case "vonage" -> new ProviderCodes("6", "3");
                case "infobip" -> new ProviderCodes("REJECTED_DESTINATION", "27");
                case "sinch" -> new ProviderCodes("syntax_invalid_parameter_format", "404");
                default -> new ProviderCodes("21614", "30003");
            };
        }
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource({
            "RETRY_PERMANENT, no-double-send",
            "REPORTS_BACKWARDS, provider-matches",
            "EXPORTER_DROPS, events-match",
            "SUPPRESSION_IGNORED, no-send-after-stop"})
    void brokenVariantIsCaught(LabFaults.Fault fault, String check, @TempDir Path dir) throws Exception {
        LabOptions options = LabOptions.small(500, dir).withFault(fault);

        LabReport report = Lab.run(options, null);

        assertThat(report.passed(check)).as(report.text()).isFalse();
        assertThat(report.passed()).isFalse();
        assertThat(report.text()).contains("FAIL", "RESULT: FAIL");
    }
}
