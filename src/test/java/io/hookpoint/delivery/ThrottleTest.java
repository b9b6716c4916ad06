package io.hookpoint.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.StubProvider.Answer;
import io.hookpoint.testing.StubProvider.Call;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that answers 429 with {@code Retry-After} pauses the whole lane: no call reaches it before
 * the wait is over, and the throttled message is delivered afterwards without counting as a failed
 * attempt. A real local HTTP server plays the provider and records when each call started and ended.
 */
class ThrottleTest {
    private StubProvider provider;
    private TestHookpoint hookpoint;

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, provider);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a429WithRetryAfterPausesTheLaneAndTheMessageIsSentAfterwardsWithoutCountingAsAnAttempt(Engine engine)
            throws Exception {
        // the first call is answered 429 with Retry-After: 1, every later one 200 after 50 ms
        AtomicBoolean throttled = new AtomicBoolean();
        provider = new StubProvider().behave((id, attempt) -> throttled.compareAndSet(false, true)
                ? Answer.of(429).withHeader("Retry-After", "1")
                : new Answer(200, 50));
        hookpoint = TestHookpoint.create(engine, Map.of(
                "hookpoint.gateway.type", "http",
                "hookpoint.gateway.url", provider.url().toString(),
                "hookpoint.gateway.connect.timeout", "PT0.5S",
                "hookpoint.gateway.read.timeout", "PT1S",
                "hookpoint.delivery.lease", "PT5S",
                "hookpoint.delivery.poll", "PT0.05S",
                // one attempt only: were the throttled call counted, the message would fail at once
                "hookpoint.delivery.attempts", "1"));
        HttpsClient client = hookpoint.client(hookpoint.start().port());
        List<String> ids = new ArrayList<>();
        ids.add(send(client));
        // once the dispatcher has taken the 429 in, the lane is paused: the next messages come now
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (hookpoint.hookpoint().dispatcher().throttles() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 19; i++) {
            ids.add(send(client));
        }

        List<JsonObject> messages = new ArrayList<>();
        for (String id : ids) {
            messages.add(awaitEnd(client, id));
        }

        assertThat(messages).allSatisfy(message -> {
            assertThat(message.getString("status")).isEqualTo("sent");
            assertThat(message.getInt("attempts")).as("the 429 is no failed attempt").isEqualTo(1);
        });
        List<Call> calls = provider.calls();
        Call throttledCall = calls.stream().filter(call -> call.status() == 429).findFirst().orElseThrow();
        assertThat(calls.stream().filter(c -> c.messageId().equals(throttledCall.messageId())))
                .extracting(Call::status).containsExactly(429, 200);
        // every other call waited for the Retry-After second (1 ms for the rounding to milliseconds)
        assertThat(calls).filteredOn(call -> call != throttledCall)
                .allSatisfy(call -> assertThat(call.atMillis())
                        .isGreaterThanOrEqualTo(throttledCall.endMillis() + 999));
        assertThat(calls).hasSize(21);
        assertNeverTwoCallsAtOnceForOneMessage(calls);
        assertThat(hookpoint.hookpoint().dispatcher().throttles()).isEqualTo(1);
    }

    private static String send(HttpsClient client) {
        Reply reply = client.sendSms("throttle-" + UUID.randomUUID(), "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        return reply.json().getJsonObject("result").getString("message_id");
    }

    private static void assertNeverTwoCallsAtOnceForOneMessage(List<Call> calls) {
        for (Call a : calls) {
            for (Call b : calls) {
                if (a != b && a.messageId().equals(b.messageId())) {
                    assertThat(a.endMillis() <= b.atMillis() || b.endMillis() <= a.atMillis())
                            .as("calls for %s overlap: %s and %s", a.messageId(), a, b).isTrue();
                }
            }
        }
    }

    private static JsonObject awaitEnd(HttpsClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject message;
        do {
            message = client.get("/api/v1/sms/" + id).json();
            String status = message.getString("status");
            if (status.equals("sent") || status.equals("failed")) {
                return message;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return message;
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atOffset(ZoneOffset.UTC));

        assertThat(RetryAfter.parse("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse(inTwoMinutes, now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:00:00 GMT", now)).as("past").contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }
}
