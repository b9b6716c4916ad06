package io.hookpoint.config;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.hookpoint.Hookpoint;
import io.hookpoint.delivery.DeliverySettings;
import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings come from {@code application.yaml} (the only defaults) under what is set; a missing key or a
 * value out of range stops the start with a message naming the key; the listener is Helidon's own
 * {@code server} config.
 */
class SettingsTest {

    @Test
    void theFormerBackoffNameStillSetsTheFirstWait() {
        // HOOKPOINT_DELIVERY_BACKOFF maps to hookpoint.delivery.backoff, a node that also has children
        Config config = HookpointConfig.of(Map.of("hookpoint.delivery.backoff", "PT7S"));
        DeliverySettings delivery = DeliverySettings.from(config.get("hookpoint.delivery"));
        assertThat(delivery.backoff()).isEqualTo(Duration.ofSeconds(7));
        assertThat(delivery.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void defaultsComeFromApplicationYamlAndReferToTheDataDirectory() {
        Config config = HookpointConfig.of(Map.of("hookpoint.data", "/srv/hookpoint"));

        StoreSettings store = StoreSettings.from(config.get("hookpoint.db"));
        DeliverySettings delivery = DeliverySettings.from(config.get("hookpoint.delivery"));

        assertThat(store.url()).isEqualTo("jdbc:sqlite:/srv/hookpoint/hookpoint.db");
        assertThat(store.poolSize()).isEqualTo(8);
        assertThat(store.user()).isEmpty();
        assertThat(delivery.backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(delivery.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.get("server.port").asInt().get()).isEqualTo(8443);
    }

    @Test
    void aMissingKeyIsNamedNotDefaultedInJava() {
        Config withoutDefaults = Config.just(ConfigSources.create(Map.of("url", "jdbc:sqlite:x.db",
                "synchronous", "FULL", "timeout", "PT1S")));

        assertThatThrownBy(() -> StoreSettings.from(withoutDefaults)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pool");
    }

    @Test
    void theDeliveryLeaseMustOutlastAGatewayCall() {
        Config config = HookpointConfig.of(Map.of("hookpoint.gateway.read.timeout", "PT60S"));
        DeliverySettings delivery = DeliverySettings.from(config.get("hookpoint.delivery"));
        GatewaySettings gateway = GatewaySettings.from(config.get("hookpoint.gateway"));

        assertThatThrownBy(() -> delivery.requireLeaseLongerThan(gateway, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hookpoint.delivery.lease");
        // a gateway that looks a message up before a repeat makes two calls in one send
        DeliverySettings withLease = DeliverySettings.from(HookpointConfig.of(Map.of("hookpoint.delivery.lease",
                "PT40S")).get("hookpoint.delivery"));
        GatewaySettings defaults = GatewaySettings.from(HookpointConfig.of(Map.of()).get("hookpoint.gateway"));
        assertThat(withLease.requireLeaseLongerThan(defaults, 1)).isEqualTo(java.time.Duration.ofSeconds(12));
        assertThatThrownBy(() -> withLease.requireLeaseLongerThan(defaults, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x 4 calls");
    }

    @Test
    void helidonsLimitsMustStayBehindOurs(@TempDir Path dir) {
        assertThatThrownBy(() -> create(dir, Map.of("hookpoint.batch.body.limit", "4194304")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.max-payload-size");
        assertThatThrownBy(() -> create(dir, Map.of("hookpoint.inflight.limit", "2000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.max-concurrent-requests");
    }

    @Test
    void theListenerIsConfiguredFromServer() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // Helidon's own default is port 0: listening on exactly this port shows server: was applied
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("server.port", String.valueOf(port),
                "hookpoint.http.port", "0"))) {
            WebServer server = hookpoint.start();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.port(Hookpoint.PLAIN_SOCKET)).isPositive().isNotEqualTo(port);
            assertThat(hookpoint.client(port).get("/api/v1/auth/check").status()).isEqualTo(200);
        }
    }

    private static void create(Path dir, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(overrides);
        config.put("hookpoint.data", dir.toString());
        Hookpoint.create(HookpointConfig.of(config), System.out).close();
    }
}
