package io.hookpoint.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A duration setting takes ISO-8601 and the short form operators type; anything else names both. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({"PT5S, 5000", "5s, 5000", "500ms, 500", "10m, 600000", "PT10M, 600000", "72h, 259200000",
            "30d, 2592000000", "P30D, 2592000000", " 5S , 5000"})
    void bothFormsAreRead(String text, long millis) {
        Map<String, String> settings = Map.of("hookpoint.idempotency.retention", text);

        assertThat(HookpointConfig.of(settings).get("hookpoint.idempotency.retention").as(Duration.class).get())
                .isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 seconds", "5", "5sec", "-5s", "PT", "1w"})
    void anythingElseNamesTheKeyAndBothForms(String text) {
        Map<String, String> settings = Map.of("hookpoint.idempotency.retention", text);

        assertThatThrownBy(() -> HookpointConfig.of(settings).get("hookpoint.idempotency.retention")
                .as(Duration.class).get())
                .hasMessageContaining("hookpoint.idempotency.retention is '" + text + "'")
                .hasMessageContaining("PT5S").hasMessageContaining("5s");
    }

    @ParameterizedTest
    @CsvSource({"server.port, SERVER_PORT", "server.max-payload-size, SERVER_MAX_dash_PAYLOAD_dash_SIZE",
            "hookpoint.content.retention, HOOKPOINT_CONTENT_RETENTION"})
    void keysAreNamedByTheirEnvironmentVariables(String key, String variable) {
        assertThat(HookpointConfig.environmentName(key)).isEqualTo(variable);
    }
}
