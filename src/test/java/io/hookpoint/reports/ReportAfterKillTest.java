package io.hookpoint.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.ReportingAdapter;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process is killed with SIGKILL after the provider took a message and before its report came: the
 * report that cannot reach it fails (the provider retries), and after a restart on the same files the
 * retried report finds the message and it becomes delivered.
 */
class ReportAfterKillTest {
    private static final String TOKEN = "kill-test-callback-token";

    @Test
    void aReportAfterSigkillAndRestartIsApplied(@TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        int port = DeliveryReportsTest.freePort();
        try (ReportingAdapter adapter = new ReportingAdapter(TOKEN).trusting(setUp.certificate())) {
            Map<String, String> env = new HashMap<>(setUp.env());
            env.putAll(Map.of("SERVER_PORT", String.valueOf(port),
                    "HOOKPOINT_PUBLIC_URL", "https://localhost:" + port,
                    "HOOKPOINT_CALLBACK_TOKEN", TOKEN,
                    "HOOKPOINT_GATEWAY_TYPE", "http",
                    "HOOKPOINT_GATEWAY_URL", adapter.url().toString(),
                    "HOOKPOINT_DELIVERY_POLL", "PT0.1S"));
            String id;
            HookpointProcess first = HookpointProcess.start(dir, env);
            try {
                HttpsClient client = HttpsClientFactory.create(first.port(), setUp.certificate())
                        .withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
                Reply sent = client.sendSms("kill-1", "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
                id = sent.json().getJsonObject("result").getString("message_id");
                client.awaitSmsStatus(id, "sent");
            } finally {
                first.kill();
            }

            boolean refused = false;
            try {
                adapter.report(id, "\"status\":\"delivered\"");
            } catch (ConnectException e) {
                refused = true;
            }
            assertThat(refused).as("nobody listens while the process is dead").isTrue();

            HookpointProcess second = HookpointProcess.start(dir, env);
            try {
                HttpsClient client = HttpsClientFactory.create(second.port(), setUp.certificate())
                        .withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
                assertThat(adapter.report(id, "\"status\":\"delivered\"")).isEqualTo(200);
                JsonObject message = client.awaitSmsStatus(id, "delivered");
                assertThat(message.getString("provider_message_id")).isEqualTo("P-" + id);
                assertThat(message.getInt("attempts")).isEqualTo(1);
            } finally {
                second.close();
            }
        }
    }

}
