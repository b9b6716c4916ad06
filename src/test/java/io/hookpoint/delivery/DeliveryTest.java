package io.hookpoint.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accepted messages reach the provider through the http gateway: retried with backoff on 5xx,
 * failed for good on 4xx, timed out when the provider hangs; and the webhook answers quickly whatever
 * the provider does. A real local HTTP server plays the provider.
 */
class DeliveryTest {
    private static final Duration BACKOFF = Duration.ofMillis(100);

    private StubProvider provider;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    private void start(Engine engine, Map<String, String> extra) throws Exception {
        provider = new StubProvider();
        Map<String, String> config = new HashMap<>(Map.of(
                "hookpoint.gateway.type", "http",
                "hookpoint.gateway.url", provider.url().toString(),
                "hookpoint.gateway.auth.value", "Bearer provider-token",
                "hookpoint.gateway.connect.timeout", "PT0.5S",
                "hookpoint.gateway.read.timeout", "PT0.5S",
                "hookpoint.delivery.backoff.initial", "PT0.1S",
                "hookpoint.delivery.lease", "PT3S",
                "hookpoint.delivery.poll", "PT0.05S",
                "hookpoint.delivery.attempts", "4"));
        config.putAll(extra);
        hookpoint = TestHookpoint.create(engine, config);
        WebServer server = hookpoint.start();
        client = hookpoint.client(server.port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, provider);
    }

    private String send() {
        Reply reply = client.sendSms("delivery-" + UUID.randomUUID(),
                "{\"to\":\"+420777123456\",\"text\":\"Deliver me\",\"sender\":\"ACME\",\"reference\":\"r-1\"}");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aProviderThatFailsTwiceThenAcceptsGetsTheMessageOnTheThirdAttempt(Engine engine) throws Exception {
        start(engine, Map.of());
        provider.behave((id, attempt) -> StubProvider.Answer.of(attempt <= 2 ? 503 : 202));

        String id = send();
        JsonObject message = client.awaitSmsStatus(id, "sent");

        assertThat(message.getInt("attempts")).isEqualTo(3);
        assertThat(message.containsKey("sent_at")).isTrue();
        assertThat(message.containsKey("last_error")).isFalse();
        List<StubProvider.Call> calls = provider.callsFor(id);
        assertThat(calls).hasSize(3);
        // exponential backoff with equal jitter: at least half of 100 ms, then half of 200 ms
        long firstGap = calls.get(1).atMillis() - calls.get(0).atMillis();
        long secondGap = calls.get(2).atMillis() - calls.get(1).atMillis();
        System.out.printf("delivery retry gaps: %d ms, %d ms%n", firstGap, secondGap);
        assertThat(firstGap).isGreaterThanOrEqualTo(BACKOFF.toMillis() / 2);
        assertThat(secondGap).isGreaterThanOrEqualTo(BACKOFF.toMillis());
        StubProvider.Call call = calls.getFirst();
        assertThat(call.idempotency()).isEqualTo(id);
        assertThat(call.authorization()).isEqualTo("Bearer provider-token");
        assertThat(call.body().getString("to")).isEqualTo("+420777123456");
        assertThat(call.body().getString("text")).isEqualTo("Deliver me");
        assertThat(call.body().getString("sender")).isEqualTo("ACME");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aProviderRefusalFailsTheMessageForGood(Engine engine) throws Exception {
        start(engine, Map.of());
        provider.behave((id, attempt) -> StubProvider.Answer.of(400));

        String id = send();
        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getInt("attempts")).isEqualTo(1);
        assertThat(message.getString("last_error")).contains("provider answered 400");
        Thread.sleep(300);
        assertThat(provider.callsFor(id)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aProviderThatHangsIsTimedOutAndGivenUpOnAfterTheAttempts(Engine engine) throws Exception {
        start(engine, Map.of("hookpoint.delivery.attempts", "2"));
        provider.behave((id, attempt) -> new StubProvider.Answer(200, 2_000));

        String id = send();
        String statusWhenAnswered = client.get("/api/v1/sms/" + id).json().getString("status");
        JsonObject message = client.awaitSmsStatus(id, "failed");

        // each attempt hangs for the 0.5 s read timeout: the webhook answered before any attempt ended
        assertThat(statusWhenAnswered).as("the webhook does not wait for the provider").isIn("queued", "sending");
        assertThat(message.getInt("attempts")).isEqualTo(2);
        assertThat(message.getString("last_error")).contains("gave up after 2 attempts").contains("timed out");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnreachableProviderIsRetriedThenGivenUpOn(Engine engine) throws Exception {
        start(engine, Map.of("hookpoint.delivery.attempts", "3"));
        provider.close();

        String id = send();
        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getInt("attempts")).isEqualTo(3);
        assertThat(message.getString("last_error")).contains("unreachable");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theAnswerCanWaitForTheFirstAttemptAndSaySent(Engine engine) throws Exception {
        start(engine, Map.of("hookpoint.delivery.wait", "PT2S"));
        String key = "wait-" + UUID.randomUUID();
        String body = "{\"to\":\"+420777123456\",\"text\":\"Say sent\"}";

        Reply reply = client.sendSms(key, body);
        Reply replay = client.sendSms(key, body);

        JsonObject result = reply.json().getJsonObject("result");
        assertThat(result.getString("status")).isEqualTo("sent");
        assertThat(result.getString("message")).isEqualTo("SMS message sent successfully");
        assertThat(replay.body()).as("the stored answer says sent too").isEqualTo(reply.body());
        assertThat(provider.calls()).hasSize(1);
    }

    @Test
    void aMessageNotHandedOverInTimeExpires() throws Exception {
        start(Engine.SQLITE, Map.of("hookpoint.delivery.expire", "PT1S", "hookpoint.delivery.attempts", "100"));
        provider.behave((id, attempt) -> StubProvider.Answer.of(503));

        String id = send();
        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getString("last_error")).startsWith("expired").contains("HOOKPOINT_DELIVERY_EXPIRE");
        int calls = provider.callsFor(id).size();
        Thread.sleep(300);
        assertThat(provider.callsFor(id)).hasSize(calls);
    }

    @Test
    void aReportForAMessageNeverHandedToTheProviderChangesNothing() throws Exception {
        start(Engine.SQLITE, Map.of("hookpoint.callback.token", "callback-token-0123456789"));
        // the provider throttles with a long Retry-After: the message waits, queued, its throttled call refunded
        provider.behave((id, attempt) -> StubProvider.Answer.of(429).withHeader("Retry-After", "60"));
        String id = send();
        JsonObject waiting = client.get("/api/v1/sms/" + id).json();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(waiting.getString("status").equals("queued") && waiting.containsKey("last_error"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
            waiting = client.get("/api/v1/sms/" + id).json();
        }
        assertThat(waiting.getInt("attempts")).isZero();

        Reply report = client.anonymous().send("POST", "/callbacks/http/status", Map.of("Content-Type",
                "application/json", "Authorization", "Bearer callback-token-0123456789"), ("{\"reports\":[{"
                + "\"message_id\":\"" + id + "\",\"status\":\"delivered\"}]}").getBytes(StandardCharsets.UTF_8));
        Reply farFuture = client.anonymous().send("POST", "/callbacks/http/status", Map.of("Content-Type",
                "application/json", "Authorization", "Bearer callback-token-0123456789"), ("{\"reports\":[{"
                + "\"message_id\":\"" + id + "\",\"status\":\"delivered\",\"at\":\"+999999999-12-31T23:59:59Z\"}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("queued");
        // a time no clock can hold is an unreadable report (400), not an accidental 500
        assertThat(farFuture.status()).isEqualTo(400);
    }
}
