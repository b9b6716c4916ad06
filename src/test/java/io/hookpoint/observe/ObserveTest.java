package io.hookpoint.observe;

import java.util.List;
import java.util.Map;

import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static io.hookpoint.observe.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics and request ids, as a load balancer, Prometheus and an operator see them. */
class ObserveTest extends HookpointServerTest {

    ObserveTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }


    @Test
    void healthIsUpAndNeedsNoCredentials() {
        HttpsClient anonymous = client.anonymous();
        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
            Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.json().getString("status")).isEqualTo("UP");
        }
        assertThat(anonymous.get("/observe/health/ready").json().getJsonArray("checks").stream()
                .map(check -> check.asJsonObject().getString("name") + "=" + check.asJsonObject().getString("status")))
                .containsExactly("store-writable=UP", "disk-space=UP");
    }

    @Test
    void metricsCountRequestsReplaysAndKeyReuse() {
        client.sendSms("metrics-1", "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        client.sendSms("metrics-1", "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        client.sendSms("metrics-1", "{\"to\":\"+420777123456\",\"text\":\"Other\"}");

        Reply reply = client.anonymous().get("/observe/metrics");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = reply.text();
        // the first and its replay are 200, the other payload 422
        assertThat(value(text, "hookpoint_requests_total", Map.of("operation", "sendSms", "status", "200")))
                .hasValue(2);
        assertThat(value(text, "hookpoint_requests_total", Map.of("operation", "sendSms", "status", "422")))
                .hasValue(1);
        assertThat(value(text, "hookpoint_request_seconds_bucket", Map.of("operation", "sendSms", "le", "+Inf")))
                .hasValue(3);
        assertThat(value(text, "hookpoint_request_seconds_bucket", Map.of("operation", "sendSms", "le", "10.0")))
                .hasValue(3);
        assertThat(value(text, "hookpoint_idempotent_replays_total")).hasValue(1);
        assertThat(value(text, "hookpoint_idempotency_key_reused_total")).hasValue(1);
        assertThat(value(text, "hookpoint_store_commits_total").orElseThrow()).isPositive();
        assertThat(value(text, "hookpoint_store_committed_writes_total").orElseThrow()).isPositive();
        assertThat(value(text, "hookpoint_messages", Map.of("status", "failed"))).hasValue(0);
        assertThat(value(text, "hookpoint_messages", Map.of("status", "queued")).orElseThrow()
                + value(text, "hookpoint_messages", Map.of("status", "sending")).orElseThrow()
                + value(text, "hookpoint_messages", Map.of("status", "sent")).orElseThrow()).isEqualTo(1);
        assertThat(value(text, "hookpoint_shed_requests_total")).hasValue(0);
        assertThat(value(text, "hookpoint_requests_in_flight")).hasValue(0);
    }

    @Test
    void aRequestIdIsTakenOrMadeAndEchoed() {
        Reply given = client.send("GET", "/api/v1/sms/does-not-exist", Map.of("X-Request-Id", "trace-42"), null);
        Reply made = client.get("/api/v1/auth/check");
        Reply unusable = client.send("GET", "/api/v1/auth/check", Map.of("X-Request-Id", "bad id with spaces"), null);

        assertThat(given.header("X-Request-Id")).contains("trace-42");
        assertThat(made.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        assertThat(unusable.header("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).isNotEqualTo("bad id with spaces").hasSize(36));
    }

}
