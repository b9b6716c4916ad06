package io.hookpoint.optout;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.hookpoint.observe.PrometheusText.value;
import static io.hookpoint.optout.OptOutTesting.HTTP_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a suppressed number does to sending, against a real server and a provider stub that records every call:
 * a request to it is answered 200 with 1012, replayed byte for byte, counted, and never reaches the provider
 * (single and batch); a message accepted before the STOP is not sent after it (the dispatcher checks just before
 * the call) and ends failed with 1012 in its last error.
 */
class OptOutDeliveryTest {
    private static final String NUMBER = "+420777400001";

    private StubProvider provider;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    private void start(Map<String, String> extra) throws Exception {
        provider = new StubProvider();
        Map<String, String> config = new HashMap<>(OptOutTesting.config());
        config.put("hookpoint.gateway.type", "http");
        config.put("hookpoint.gateway.url", provider.url().toString());
        config.put("hookpoint.gateway.connect.timeout", "PT0.5S");
        config.put("hookpoint.gateway.read.timeout", "PT1S");
        config.put("hookpoint.delivery.lease", "PT3S");
        config.putAll(extra);
        hookpoint = TestHookpoint.create(config);
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, provider);
    }

    @Test
    void aSendToASuppressedNumberIsRefusedWith1012ReplayedCountedAndReachesNoProvider() throws Exception {
        start(Map.of());
        assertThat(OptOutTesting.http(client, NUMBER, "STOP", HTTP_TOKEN).status()).isEqualTo(200);

        Reply refused = client.sendSms("to-suppressed", "{\"to\":\"+420 777 400 001\",\"text\":\"Offer\"}");
        Reply replay = client.sendSms("to-suppressed", "{\"to\":\"+420 777 400 001\",\"text\":\"Offer\"}");
        Reply batch = client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "application/json"),
                ("{\"messages\":[{\"key\":\"b1\",\"to\":\"" + NUMBER + "\",\"text\":\"Offer\"},"
                        + "{\"key\":\"b2\",\"to\":\"+420777400002\",\"text\":\"Offer\"}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json().getBoolean("success")).isFalse();
        assertThat(refused.errorCodes()).containsExactly(1012);
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("description"))
                .isEqualTo("Recipient has opted out.");
        assertThat(replay.body()).isEqualTo(refused.body());
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        JsonObject first = batch.json().getJsonArray("results").getJsonObject(0);
        JsonObject second = batch.json().getJsonArray("results").getJsonObject(1);
        assertThat(first.getBoolean("success")).isFalse();
        assertThat(first.getJsonArray("errors").getJsonObject(0).getInt("code")).isEqualTo(1012);
        assertThat(second.getBoolean("success")).isTrue();
        client.awaitSmsStatus(second.getJsonObject("result").getString("message_id"), "sent");
        // only the other number's message reached the provider
        assertThat(provider.calls()).hasSize(1)
                .allSatisfy(call -> assertThat(call.body().getString("to")).isEqualTo("+420777400002"));
        String metrics = client.anonymous().get("/observe/metrics").text();
        assertThat(value(metrics, "hookpoint_optout_refused_total")).hasValue(2);
        assertThat(value(metrics, "hookpoint_optout_suppressed")).hasValue(1);
    }

    @Test
    void aMessageAcceptedBeforeTheStopIsNotSentAfterIt() throws Exception {
        // the first attempt fails (503) and waits a backoff: the STOP arrives in between
        start(Map.of("hookpoint.delivery.backoff.initial", "PT2S", "hookpoint.delivery.attempts", "5"));
        provider.behave((id, attempt) -> StubProvider.Answer.of(503));
        Reply accepted = client.sendSms("before-stop", "{\"to\":\"" + NUMBER + "\",\"text\":\"Offer\"}");
        String id = accepted.json().getJsonObject("result").getString("message_id");
        provider.awaitCalls(1);

        assertThat(OptOutTesting.http(client, NUMBER, "stop", HTTP_TOKEN).status()).isEqualTo(200);
        provider.behave((messageId, attempt) -> StubProvider.Answer.of(200));
        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getString("last_error")).contains("1012").contains("opted out");
        assertThat(provider.callsFor(id)).hasSize(1);
        String metrics = client.anonymous().get("/observe/metrics").text();
        assertThat(value(metrics, "hookpoint_optout_withheld_total")).hasValue(1);
    }
}
