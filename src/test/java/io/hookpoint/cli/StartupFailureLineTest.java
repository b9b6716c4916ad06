package io.hookpoint.cli;

import java.util.Map;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.store.StoreUnavailableException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line of a failed start names keys as their variables, but leaves file names that look like keys alone. */
class StartupFailureLineTest {

    @Test
    void theDefaultDatabaseFileNameInAPathIsNotTakenForTheKeyHookpointDb() {
        String line = StartupFailure.of(new StoreUnavailableException("Cannot open the store"
                + " jdbc:sqlite:/var/lib/hookpoint/hookpoint.db: /var/lib/hookpoint/hookpoint.db is a directory", null),
                HookpointConfig.of(Map.of())).getMessage();

        assertThat(line).contains("/var/lib/hookpoint/hookpoint.db is a directory").doesNotContain("HOOKPOINT_DB:")
                .doesNotContain("/HOOKPOINT_DB").endsWith("(HOOKPOINT_DB_URL)");
    }

    @Test
    void aKeyInTheMessageStillBecomesItsVariable() {
        String line = StartupFailure.of(new IllegalArgumentException("hookpoint.auth.failures and .window must be"
                + " positive"), HookpointConfig.of(Map.of())).getMessage();

        assertThat(line).startsWith("HOOKPOINT_AUTH_FAILURES and .window must be positive");
    }
}
