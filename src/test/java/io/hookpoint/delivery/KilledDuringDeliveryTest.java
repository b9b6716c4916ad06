package io.hookpoint.delivery;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Hookpoint process is killed with SIGKILL while it delivers; after a restart on the same files,
 * every accepted message reaches the provider (at least once; a repeat only for a message that was
 * in a provider call at the moment of the kill, and it carries the same message id) and ends sent.
 */
class KilledDuringDeliveryTest {
    private static final int MESSAGES = 40;
    private static final int CONCURRENCY = 4;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nothingAcceptedIsLostWhenTheProcessIsKilled(Engine engine, @TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        String database = engine == Engine.SQLITE ? "jdbc:sqlite:" + dir.resolve("data/hookpoint.db")
                : TestDatabase.newPostgresDatabase();
        try (StubProvider provider = new StubProvider()) {
            // every call takes a while, so that the kill lands while calls are under way
            provider.behave((id, attempt) -> new StubProvider.Answer(200, 150));
            Map<String, String> env = new HashMap<>(setUp.env());
            env.putAll(provider.gatewayEnv(CONCURRENCY));
            env.put("HOOKPOINT_DB_URL", database);

            Set<String> accepted = new HashSet<>();
            HookpointProcess first = HookpointProcess.start(dir, env);
            try {
                HttpsClient client = HttpsClientFactory.create(first.port(), setUp.certificate())
                        .withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
                for (int i = 0; i < MESSAGES; i++) {
                    Reply reply = client.sendSms("kill-" + i, "{\"to\":\"+4207770000" + String.format("%02d", i)
                            + "\",\"text\":\"Message " + i + "\"}");
                    assertThat(reply.status()).isEqualTo(200);
                    accepted.add(reply.json().getJsonObject("result").getString("message_id"));
                }
                provider.awaitCalls(8);
            } finally {
                first.kill();
            }
            int callsAtKill = provider.calls().size();
            assertThat(callsAtKill).as("killed mid-delivery").isLessThan(MESSAGES);

            try (HookpointProcess second = HookpointProcess.start(dir, env)) {
                assertThat(TestDatabase.awaitCount(database, "SELECT COUNT(*) FROM sms_message WHERE status = 'sent'",
                        MESSAGES)).as("every message sent").isEqualTo(MESSAGES);
                assertThat(TestDatabase.count(database, "SELECT COUNT(*) FROM sms_message")).isEqualTo(MESSAGES);
            }

            Map<String, Long> callsPerMessage = provider.calls().stream()
                    .collect(Collectors.groupingBy(StubProvider.Call::messageId, Collectors.counting()));
            System.out.printf("kill -9 after %d provider calls; %d calls in all for %d messages%n",
                    callsAtKill, provider.calls().size(), MESSAGES);
            assertThat(callsPerMessage.keySet()).isEqualTo(accepted);
            long repeated = callsPerMessage.values().stream().filter(n -> n > 1).count();
            assertThat(repeated).as("only messages in a provider call at the kill are sent again")
                    .isLessThanOrEqualTo(CONCURRENCY);
            assertThat(provider.calls()).allSatisfy(call -> assertThat(call.idempotency()).isEqualTo(call.messageId()));
        }
    }
}
