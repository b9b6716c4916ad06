package io.hookpoint.bloomreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.hookpoint.bloomreach.TrackingStub.Answer;
import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bloomreach is down while a message is sent, and the process is killed with SIGKILL before its event
 * went out: after a restart on the same files the event is sent.
 */
class EventsAfterKillTest {

    @Test
    void anEventWaitingAtSigkillIsSentAfterTheRestart(@TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        try (TrackingStub bloomreach = new TrackingStub()) {
            bloomreach.behave(commands -> new Answer(503, "{\"success\":false}", Map.of()));
            Map<String, String> env = new HashMap<>(setUp.env());
            env.putAll(Map.of("HOOKPOINT_BLOOMREACH_API_URL", bloomreach.url().toString(),
                    "HOOKPOINT_BLOOMREACH_PROJECT_TOKEN", TrackingStub.PROJECT,
                    "HOOKPOINT_BLOOMREACH_API_KEY_ID", TrackingStub.KEY_ID,
                    "HOOKPOINT_BLOOMREACH_API_SECRET", TrackingStub.SECRET,
                    "HOOKPOINT_BLOOMREACH_TRUST", bloomreach.certificate().toString(),
                    "HOOKPOINT_BLOOMREACH_POLL", "PT0.1S",
                    "HOOKPOINT_BLOOMREACH_BACKOFF_INITIAL", "PT0.2S",
                    "HOOKPOINT_BLOOMREACH_BACKOFF_MAX", "PT0.5S",
                    "HOOKPOINT_DELIVERY_POLL", "PT0.1S"));
            // a claim in flight at the kill is the exporter's until its lease ends: keep that short here
            env.put("HOOKPOINT_BLOOMREACH_LEASE", "PT2S");
            String id;
            HookpointProcess first = HookpointProcess.start(dir, env);
            try {
                HttpsClient client = HttpsClientFactory.create(first.port(), setUp.certificate())
                        .withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
                Reply sent = client.sendSms("kill-event-1",
                        "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"customer_id\":\"customer-9\"}");
                id = sent.json().getJsonObject("result").getString("message_id");
                client.awaitSmsStatus(id, "sent");
                awaitTried(client, id);
            } finally {
                first.kill();
            }
            assertThat(bloomreach.acceptedEvents()).isEmpty();
            bloomreach.behave(Answer::allSucceeded);

            HookpointProcess second = HookpointProcess.start(dir, env);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (bloomreach.acceptedEvents().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(bloomreach.acceptedEvents()).singleElement().satisfies(event -> {
                    assertThat(event.getJsonObject("customer_ids").getString("registered")).isEqualTo("customer-9");
                    assertThat(event.getJsonObject("properties").getString("message_id")).isEqualTo(id);
                });
            } finally {
                second.close();
            }
        }
    }

    // the event was written and tried at least once (Bloomreach answered 503)
    private static void awaitTried(HttpsClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject message;
        do {
            message = client.get("/api/v1/sms/" + id).json();
            if (message.containsKey("bloomreach_events")
                    && message.getJsonArray("bloomreach_events").getJsonObject(0).containsKey("last_error")) {
                assertThat(message.getJsonArray("bloomreach_events").getJsonObject(0).getString("state"))
                        .isEqualTo("pending");
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the event was never tried: " + message);
    }
}
