package io.hookpoint;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process is stopped under load, by SIGKILL or by SIGTERM: every request that was answered 200 is
 * stored exactly once, and sending it again after a restart returns the stored answer.
 */
class ProcessFaultsTest {
    private static final int SENDERS = 8;

    @Test
    void killedWithSigkillUnderLoad(@TempDir Path dir) throws Exception {
        stopUnderLoad(dir, true);
    }

    @Test
    void stoppedWithSigtermUnderLoad(@TempDir Path dir) throws Exception {
        stopUnderLoad(dir, false);
    }

    private void stopUnderLoad(Path dir, boolean kill) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        Map<String, String> env = setUp.env();

        Map<String, byte[]> answered = new ConcurrentHashMap<>();
        Map<String, String> bodies = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        HookpointProcess first = HookpointProcess.start(dir, env);
        HttpsClient client = HttpsClientFactory.create(first.port(), setUp.certificate()).withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
        try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
            for (int s = 0; s < SENDERS; s++) {
                senders.execute(() -> {
                    while (!stopping.get()) {
                        int n = next.incrementAndGet();
                        String key = "fault-" + n;
                        String body = "{\"to\":\"+4207771" + String.format("%05d", n) + "\",\"text\":\"Message " + n + "\"}";
                        bodies.put(key, body);
                        try {
                            Reply reply = client.sendSms(key, body);
                            if (reply.status() == 200) {
                                answered.put(key, reply.body());
                            }
                        } catch (UncheckedIOException e) {
                            // the process went away mid-request: no answer, no promise
                        } catch (Throwable e) {
                            // an answer that breaks the contract, or anything unexpected: kept, and fails the test
                            failures.add(e);
                            return;
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (answered.size() < 200 && failures.isEmpty()) {
                assertThat(System.nanoTime()).as("200 answers within 120 s; %d so far", answered.size())
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            if (kill) {
                first.kill();
            } else {
                first.close();
            }
            stopping.set(true);
            senders.shutdown();
            boolean ended = senders.awaitTermination(60, TimeUnit.SECONDS);
            if (!ended) {
                senders.shutdownNow();
            }
            assertThat(ended).as("the senders stop within 60 s of the stop").isTrue();
        }
        assertNoFailures(failures);

        Path database = dir.resolve("data/hookpoint.db");
        try (HookpointProcess second = HookpointProcess.start(dir, env)) {
            HttpsClient again = HttpsClientFactory.create(second.port(), setUp.certificate())
                    .withCredentials(HookpointProcess.USER, HookpointProcess.PASSWORD);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                 PreparedStatement count = connection.prepareStatement(
                         "SELECT COUNT(*) FROM sms_message WHERE idempotency_key = ?")) {
                for (Map.Entry<String, byte[]> entry : answered.entrySet()) {
                    count.setString(1, entry.getKey());
                    try (ResultSet rows = count.executeQuery()) {
                        rows.next();
                        assertThat(rows.getInt(1)).as("messages stored for %s", entry.getKey()).isEqualTo(1);
                    }
                    Reply replay = again.sendSms(entry.getKey(), bodies.get(entry.getKey()));
                    assertThat(replay.body()).isEqualTo(entry.getValue());
                    assertThat(replay.header("Idempotent-Replayed")).contains("true");
                }
            }
        }
        assertThat(answered).isNotEmpty();
        System.out.printf("%s: %d requests answered 200 before the stop, all stored once and replayed%n",
                kill ? "SIGKILL" : "SIGTERM", answered.size());
    }

    // the failures of the sender threads, which would otherwise die with their thread unseen
    private static void assertNoFailures(List<Throwable> failures) {
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " sender(s) failed; the first: "
                    + failures.getFirst(), failures.getFirst());
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }
}
