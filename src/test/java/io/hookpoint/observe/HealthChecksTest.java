package io.hookpoint.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.hookpoint.Hookpoint;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The disk-space check turns readiness DOWN, and the plain listener serves health and metrics too. */
class HealthChecksTest {

    @Test
    void tooLittleFreeDiskMakesReadinessDownButNotLiveness() {
        try (TestHookpoint hookpoint = TestHookpoint.create(
                Map.of("hookpoint.health.disk.min", String.valueOf(Long.MAX_VALUE)))) {
            WebServer server = hookpoint.start();
            Reply ready = hookpoint.client(server.port()).anonymous().get("/observe/health/ready");
            Reply live = hookpoint.client(server.port()).anonymous().get("/observe/health/live");

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().getString("status")).isEqualTo("DOWN");
            assertThat(ready.json().getJsonArray("checks").stream().map(c -> (JsonObject) c)
                    .map(c -> c.getString("name") + "=" + c.getString("status")))
                    .containsExactly("store-writable=UP", "disk-space=DOWN");
            assertThat(live.status()).isEqualTo(200);
        }
    }

    @Test
    void thePlainListenerServesHealthAndMetrics() throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.http.port", "0"))) {
            WebServer server = hookpoint.start();
            int plain = server.port(Hookpoint.PLAIN_SOCKET);
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + plain + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + plain + "/observe/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("\"store-writable\"");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(PrometheusText.value(metrics.body(), "hookpoint_requests_in_flight")).hasValue(0);
            }
        }
    }
}
