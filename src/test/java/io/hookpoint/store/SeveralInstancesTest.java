package io.hookpoint.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Hookpoint processes behind an imaginary load balancer, sharing one real PostgreSQL: requests
 * and their duplicates spread over both are accepted exactly once, and when one instance is killed
 * mid-delivery the other takes its claims over once their lease runs out.
 */
class SeveralInstancesTest {

    private static Map<String, String> env(HookpointProcess.SetUp setUp, String database) {
        Map<String, String> env = new HashMap<>(setUp.env());
        env.put("HOOKPOINT_DB_URL", database);
        return env;
    }

    private static HttpsClient client(HookpointProcess instance, HookpointProcess.SetUp setUp) {
        return HttpsClientFactory.create(instance.port(), setUp.certificate())
                .withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
    }

    @Test
    void duplicatesSpreadOverTwoInstancesMakeOneMessageAndIdenticalAnswers(@TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        String database = TestDatabase.newPostgresDatabase();
        try (HookpointProcess a = HookpointProcess.start(dir, env(setUp, database));
             HookpointProcess b = HookpointProcess.start(dir, env(setUp, database));
             ExecutorService threads = Executors.newFixedThreadPool(32)) {
            List<HttpsClient> clients = List.of(client(a, setUp), client(b, setUp));
            int keys = 150;
            CountDownLatch start = new CountDownLatch(1);
            Map<String, List<Future<Reply>>> replies = new ConcurrentHashMap<>();
            for (int k = 0; k < keys; k++) {
                String key = "spread-" + k;
                String body = "{\"to\":\"+420777" + String.format("%06d", k) + "\",\"text\":\"Message " + k + "\"}";
                // every key twice or three times, over both instances, at the same moment
                int copies = 2 + k % 2;
                for (int c = 0; c < copies; c++) {
                    HttpsClient client = clients.get((k + c) % 2);
                    replies.computeIfAbsent(key, x -> new ArrayList<>()).add(threads.submit(() -> {
                        start.await();
                        return client.sendSms(key, body);
                    }));
                }
            }
            start.countDown();

            for (Map.Entry<String, List<Future<Reply>>> entry : replies.entrySet()) {
                List<Reply> answers = new ArrayList<>();
                for (Future<Reply> reply : entry.getValue()) {
                    answers.add(reply.get());
                }
                assertThat(answers).as(entry.getKey()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
                byte[] first = answers.getFirst().body();
                assertThat(answers).as(entry.getKey() + ": identical answers")
                        .allSatisfy(r -> assertThat(r.body()).isEqualTo(first));
                assertThat(answers.stream().filter(r -> r.header("Idempotent-Replayed").isEmpty()))
                        .as(entry.getKey() + ": exactly one answer is the original").hasSize(1);
            }
            assertThat(TestDatabase.count(database, "SELECT COUNT(*) FROM sms_message")).isEqualTo(keys);
            assertThat(TestDatabase.count(database, "SELECT COUNT(DISTINCT idempotency_key) FROM sms_message"))
                    .isEqualTo(keys);
            assertThat(TestDatabase.count(database, "SELECT COUNT(*) FROM idempotency_record")).isEqualTo(keys);
        }
    }

    @Test
    void aKilledInstancesMessagesAreDeliveredByTheOther(@TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        String database = TestDatabase.newPostgresDatabase();
        int messages = 60;
        int concurrency = 4;
        try (StubProvider provider = new StubProvider()) {
            // slow enough (two instances x 4 calls of 0.5 s: 16 messages/s) that the kill comes mid-delivery
            // even when accepting the 60 messages is slow on a loaded machine
            provider.behave((id, attempt) -> new StubProvider.Answer(200, 500));
            Map<String, String> env = env(setUp, database);
            env.putAll(provider.gatewayEnv(concurrency));

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            HookpointProcess a = HookpointProcess.start(dir, env);
            int callsAtKill;
            try (HookpointProcess b = HookpointProcess.start(dir, env)) {
                try {
                    List<HttpsClient> clients = List.of(client(a, setUp), client(b, setUp));
                    for (int i = 0; i < messages; i++) {
                        Reply reply = clients.get(i % 2).sendSms("kill-" + i,
                                "{\"to\":\"+4207770000" + String.format("%02d", i) + "\",\"text\":\"Message " + i + "\"}");
                        assertThat(reply.status()).isEqualTo(200);
                        accepted.add(reply.json().getJsonObject("result").getString("message_id"));
                    }
                    provider.awaitCalls(12);
                } finally {
                    a.kill();
                }
                callsAtKill = provider.calls().size();
                assertThat(callsAtKill).as("killed mid-delivery").isLessThan(messages);

                assertThat(TestDatabase.awaitCount(database, "SELECT COUNT(*) FROM sms_message WHERE status = 'sent'",
                        messages)).as("every message sent, by the instance that survived").isEqualTo(messages);
            }

            List<StubProvider.Call> calls = provider.calls();
            Map<String, List<StubProvider.Call>> perMessage = calls.stream()
                    .collect(Collectors.groupingBy(StubProvider.Call::messageId));
            System.out.printf("two instances, one killed after %d provider calls; %d calls in all for %d messages%n",
                    callsAtKill, calls.size(), messages);
            assertThat(perMessage.keySet()).isEqualTo(accepted);
            // a repeat only for a message in a provider call of the killed instance at the kill
            long repeated = perMessage.values().stream().filter(c -> c.size() > 1).count();
            assertThat(repeated).isLessThanOrEqualTo(concurrency);
            // never in two gateway calls at once: a repeat comes after the lease (3 s) of the first
            perMessage.values().stream().filter(c -> c.size() > 1).forEach(c -> assertThat(
                    c.get(1).atMillis() - c.get(0).atMillis()).as("gap between two calls of one message, ms")
                    .isGreaterThanOrEqualTo(2_900));
        }
    }
}
