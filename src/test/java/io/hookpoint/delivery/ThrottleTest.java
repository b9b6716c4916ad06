package io.hookpoint.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.Json;
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
    /** One call: the message and when the stub started and finished answering it. */
    record Call(String messageId, long startMillis, long endMillis, int status) {
    }

    /** Answers the first call 429 with Retry-After: 1, every later call 200 after 50 ms. */
    static final class ThrottlingProvider implements AutoCloseable {
        final HttpServer server;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean throttled = new AtomicBoolean();

        ThrottlingProvider() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/sms", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
        }

        private void handle(HttpExchange exchange) throws IOException {
            long start = System.currentTimeMillis();
            try (exchange; InputStream in = exchange.getRequestBody()) {
                JsonObject body = Json.createReader(new StringReader(new String(in.readAllBytes(),
                        StandardCharsets.UTF_8))).readObject();
                boolean first = throttled.compareAndSet(false, true);
                if (first) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                } else {
                    Thread.sleep(50);
                }
                int status = first ? 429 : 200;
                byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, reply.length);
                exchange.getResponseBody().write(reply);
                calls.add(new Call(body.getString("message_id"), start, System.currentTimeMillis(), status));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private ThrottlingProvider provider;
    private TestHookpoint hookpoint;

    @AfterEach
    void stop() {
        if (hookpoint != null) {
            hookpoint.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a429WithRetryAfterPausesTheLaneAndTheMessageIsSentAfterwardsWithoutCountingAsAnAttempt(Engine engine)
            throws Exception {
        provider = new ThrottlingProvider();
        hookpoint = TestHookpoint.create(engine, Map.of(
                "hookpoint.gateway.type", "http",
                "hookpoint.gateway.url", provider.url(),
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
        Call throttledCall = provider.calls.stream().filter(call -> call.status() == 429).findFirst().orElseThrow();
        assertThat(provider.calls.stream().filter(c -> c.messageId().equals(throttledCall.messageId())))
                .extracting(Call::status).containsExactly(429, 200);
        // every other call waited for the Retry-After second (1 ms for the rounding to milliseconds)
        assertThat(provider.calls).filteredOn(call -> call != throttledCall)
                .allSatisfy(call -> assertThat(call.startMillis())
                        .isGreaterThanOrEqualTo(throttledCall.endMillis() + 999));
        assertThat(provider.calls).hasSize(21);
        assertNeverTwoCallsAtOnceForOneMessage(provider.calls);
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
                    assertThat(a.endMillis() <= b.startMillis() || b.endMillis() <= a.startMillis())
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

        assertThat(HttpGateway.retryAfter("7", now)).contains(Duration.ofSeconds(7));
        assertThat(HttpGateway.retryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(HttpGateway.retryAfter(inTwoMinutes, now)).contains(Duration.ofSeconds(120));
        assertThat(HttpGateway.retryAfter("Tue, 01 Dec 2026 09:00:00 GMT", now)).as("past").contains(Duration.ZERO);
        assertThat(HttpGateway.retryAfter("soon", now)).isEmpty();
        assertThat(HttpGateway.retryAfter(null, now)).isEmpty();
    }
}
