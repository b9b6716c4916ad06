package io.hookpoint.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bloomreach's default of 200 parallel requests, and duplicates that arrive at the same time, on
 * both engines of the store.
 */
class ConcurrentRequestsTest {
    private TestHookpoint hookpoint;
    private HttpsClient client;

    private void start(Engine engine) {
        hookpoint = TestHookpoint.create(engine, Map.of());
        WebServer server = hookpoint.start();
        client = hookpoint.client(server.port());
    }

    @AfterEach
    void stop() {
        hookpoint.close();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoHundredConcurrentDistinctRequestsAreAllAcceptedAndStoredOnce(Engine engine) throws Exception {
        start(engine);
        List<Reply> replies = concurrently(200, i -> client.sendSms("distinct-" + i,
                "{\"to\":\"+42077700" + String.format("%04d", i) + "\",\"text\":\"Message " + i + "\"}"));

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.success()).isTrue();
        });
        assertThat(replies.stream().map(r -> r.json().getJsonObject("result").getString("message_id")).distinct())
                .hasSize(200);
        assertThat(count("SELECT COUNT(*) FROM sms_message WHERE idempotency_key LIKE 'distinct-%'")).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM idempotency_record WHERE idempotency_key LIKE 'distinct-%'"))
                .isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fiftyConcurrentDuplicatesMakeOneMessageAndIdenticalAnswers(Engine engine) throws Exception {
        start(engine);
        List<Reply> replies = concurrently(50, i -> client.sendSms("same-key",
                "{\"to\":\"+420777123456\",\"text\":\"Only once\"}"));

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
        byte[] first = replies.getFirst().body();
        assertThat(replies).allSatisfy(reply -> assertThat(reply.body()).isEqualTo(first));
        assertThat(replies.stream().filter(r -> r.header("Idempotent-Replayed").isPresent())).hasSize(49);
        assertThat(count("SELECT COUNT(*) FROM sms_message WHERE idempotency_key = 'same-key'")).isEqualTo(1);
    }

    private long count(String sql) {
        return hookpoint.hookpoint().store().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<Reply> concurrently(int n, IntFunction<Reply> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        }
    }
}
