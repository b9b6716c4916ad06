package io.hookpoint.sms;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.hookpoint.idempotency.CommittedAnswers;
import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Outcome;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.store.StoreUnavailableException;
import io.hookpoint.testing.HeldWriter;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Single requests that wait for the writer at the same moment, decided in one write ({@link AcceptanceQueue}),
 * on a real SQLite file and an embedded PostgreSQL: each answer is the one it would have had alone. The writer is
 * held by a write of the test until every request has joined, so that they surely share one write.
 */
class AcceptanceTogetherTest {
    private static final String TO = "+420777123456";
    private static final String OPTED_OUT = "+420777000999";
    private static final JsonObject BODY = json("{\"to\":\"" + TO + "\",\"text\":\"Hello\"}");
    private static final JsonObject OTHER_BODY = json("{\"to\":\"" + TO + "\",\"text\":\"Something else\"}");
    private static final JsonObject INVALID = json("{\"to\":\"nobody\",\"text\":\"Hello\"}");
    private static final JsonObject TO_OPTED_OUT = json("{\"to\":\"" + OPTED_OUT + "\",\"text\":\"Hello\"}");

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void requestsDecidedTogetherGetTheAnswersTheyWouldHaveHadAlone(Engine engine) throws Exception {
        try (Store store = open(TestDatabase.url(engine, dir))) {
            SmsAcceptance acceptance = acceptance(store, false, CommittedAnswers.NONE);
            IdempotentAnswer earlier = acceptance.accept("u", "reused", BODY);

            List<IdempotentAnswer> answers = together(store, acceptance::waitingForWriter, List.of(
                    () -> acceptance.accept("u", "same", BODY),
                    () -> acceptance.accept("u", "same", BODY),
                    () -> acceptance.accept("v", "same", BODY),
                    () -> acceptance.accept("u", "reused", OTHER_BODY),
                    () -> acceptance.accept("u", "reused", BODY),
                    () -> acceptance.accept("u", "invalid", INVALID),
                    () -> acceptance.accept("u", "opted-out", TO_OPTED_OUT),
                    () -> acceptance.accept("u", "new-1", BODY),
                    () -> acceptance.accept("u", "new-2", OTHER_BODY)));

            // same user, key and body: one new message, the other its replay, byte for byte
            assertThat(answers.subList(0, 2)).extracting(IdempotentAnswer::status).containsOnly(200);
            assertThat(answers.subList(0, 2)).extracting(IdempotentAnswer::replayed).containsExactlyInAnyOrder(true, false);
            assertThat(answers.get(1).body()).isEqualTo(answers.get(0).body());
            // another user, the same key: a message of its own
            assertThat(answers.get(2).status()).isEqualTo(200);
            assertThat(answers.get(2).replayed()).isFalse();
            assertThat(messageId(answers.get(2))).isNotEqualTo(messageId(answers.get(0)));
            // a key decided before: another body is refused, the same body replays the first answer
            assertThat(answers.get(3).status()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.status());
            assertThat(answers.get(4).replayed()).isTrue();
            assertThat(answers.get(4).body()).isEqualTo(earlier.body());
            // no message: refused, recorded
            assertThat(answers.subList(5, 7)).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(Outcome.CUSTOMER_DATA_INVALID.status());
                assertThat(answer.replayed()).isFalse();
                assertThat(new String(answer.body())).contains("\"success\":false");
            });
            assertThat(new String(answers.get(6).body())).contains("opted");
            assertThat(answers.subList(7, 9)).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.replayed()).isFalse();
            });

            assertThat(count(store, "SELECT COUNT(*) FROM sms_message WHERE idempotency_key = 'same'")).isEqualTo(2);
            assertThat(count(store, "SELECT COUNT(*) FROM sms_message WHERE idempotency_key = 'reused'")).isEqualTo(1);
            assertThat(count(store, "SELECT COUNT(*) FROM sms_message WHERE idempotency_key IN ('invalid', 'opted-out')"))
                    .isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM sms_message WHERE idempotency_key LIKE 'new-%'")).isEqualTo(2);
            // each decision was committed as it was answered: alone now, each is replayed with the same bytes
            List<IdempotentAnswer> replays = List.of(acceptance.accept("u", "same", BODY),
                    acceptance.accept("v", "same", BODY), acceptance.accept("u", "invalid", INVALID),
                    acceptance.accept("u", "opted-out", TO_OPTED_OUT), acceptance.accept("u", "new-2", OTHER_BODY));
            List<IdempotentAnswer> firsts = List.of(answers.get(0), answers.get(2), answers.get(5), answers.get(6),
                    answers.get(8));
            for (int i = 0; i < replays.size(); i++) {
                assertThat(replays.get(i).replayed()).isTrue();
                assertThat(replays.get(i).status()).isEqualTo(firsts.get(i).status());
                assertThat(replays.get(i).body()).isEqualTo(firsts.get(i).body());
            }
        }
    }

    @Test
    void whatWasDecidedTogetherIsRememberedAndReplayedWithoutTheWriter() throws Exception {
        Store store = open("jdbc:sqlite:" + dir.resolve("remembered.db"));
        SmsAcceptance acceptance = acceptance(store, false,
                new CommittedAnswers(Duration.ofHours(1), 100, Clock.systemUTC()));
        List<Callable<IdempotentAnswer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            calls.add(() -> acceptance.accept("u", key, BODY));
        }
        List<IdempotentAnswer> answers = together(store, acceptance::waitingForWriter, calls);
        store.close();

        for (int i = 0; i < 10; i++) {
            IdempotentAnswer replay = acceptance.accept("u", "k" + i, BODY); // the store is closed: from memory
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.body()).isEqualTo(answers.get(i).body());
        }
    }

    @Test
    void answersThatWaitForTheFirstAttemptStillSaySent() throws Exception {
        try (Store store = open("jdbc:sqlite:" + dir.resolve("sent.db"))) {
            SmsAcceptance acceptance = acceptance(store, true, CommittedAnswers.NONE);
            List<IdempotentAnswer> answers = together(store, acceptance::waitingForWriter, List.of(
                    () -> acceptance.accept("u", "a", BODY), () -> acceptance.accept("u", "b", OTHER_BODY),
                    () -> acceptance.accept("u", "c", BODY)), 3);

            assertThat(answers).allSatisfy(answer -> assertThat(new String(answer.body())).contains("\"sent\""));
            assertThat(acceptance.accept("u", "b", OTHER_BODY).body()).isEqualTo(answers.get(1).body());
        }
    }

    @Test
    void onAClosedStoreEveryRequestIsRefusedAsUnavailableAndNoneWaitsForever() throws Exception {
        Store store = open("jdbc:sqlite:" + dir.resolve("closed.db"));
        SmsAcceptance acceptance = acceptance(store, false, CommittedAnswers.NONE);
        store.close();
        List<Future<IdempotentAnswer>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            futures.add(threads.submit(() -> acceptance.accept("u", key, BODY)));
        }
        for (Future<IdempotentAnswer> future : futures) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        }
        assertThat(acceptance.waitingForWriter()).isZero();
    }

    @Test
    void onPostgresqlTwoInstancesDecidingTheSameKeysTogetherMakeOneMessageEach() throws Exception {
        String url = TestDatabase.newPostgresDatabase();
        try (Store one = open(url); Store two = open(url)) {
            SmsAcceptance first = acceptance(one, false, CommittedAnswers.NONE);
            SmsAcceptance second = acceptance(two, false, CommittedAnswers.NONE);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> heldOne = hold(one, release);
            Future<?> heldTwo = hold(two, release);
            List<Future<IdempotentAnswer>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String key = "k" + (i * 7 % 30); // in another order on each instance
                String otherKey = "k" + i;
                futures.add(threads.submit(() -> first.accept("u", key, BODY)));
                futures.add(threads.submit(() -> second.accept("u", otherKey, BODY)));
            }
            awaitWaiting(() -> first.waitingForWriter() + second.waitingForWriter(), 60);
            release.countDown();
            heldOne.get(10, TimeUnit.SECONDS);
            heldTwo.get(10, TimeUnit.SECONDS);
            List<IdempotentAnswer> answers = new ArrayList<>();
            for (Future<IdempotentAnswer> future : futures) {
                answers.add(future.get(30, TimeUnit.SECONDS));
            }

            assertThat(answers).extracting(IdempotentAnswer::status).containsOnly(200);
            assertThat(answers.stream().filter(a -> !a.replayed())).hasSize(30);
            assertThat(answers.stream().map(AcceptanceTogetherTest::messageId).distinct()).hasSize(30);
            assertThat(count(one, "SELECT COUNT(*) FROM sms_message")).isEqualTo(30);
            assertThat(count(one, "SELECT COUNT(DISTINCT idempotency_key) FROM sms_message")).isEqualTo(30);
        }
    }

    /** Runs the calls while the writer is held, releases it once every one of them waits for it. */
    private List<IdempotentAnswer> together(Store store, IntSupplier waiting, List<Callable<IdempotentAnswer>> calls)
            throws Exception {
        return together(store, waiting, calls, 0);
    }

    // laterWrites: the writes each request makes after its decision (rewriting the answer after the first attempt)
    private List<IdempotentAnswer> together(Store store, IntSupplier waiting, List<Callable<IdempotentAnswer>> calls,
                                            int laterWrites) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> held = hold(store, release);
        List<Future<IdempotentAnswer>> futures = new ArrayList<>();
        for (Callable<IdempotentAnswer> call : calls) {
            futures.add(threads.submit(call));
        }
        awaitWaiting(waiting, calls.size());
        long writes = store.committedWrites();
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        List<IdempotentAnswer> answers = new ArrayList<>();
        for (Future<IdempotentAnswer> future : futures) {
            answers.add(future.get(10, TimeUnit.SECONDS));
        }
        // the test's write and ONE write for all the requests, not one per request
        assertThat(store.committedWrites() - writes).isEqualTo(2 + laterWrites);
        return answers;
    }

    @Test
    void anOptedOutRefusalIsCountedOnceWhenItsGroupRunsAgain() throws Exception {
        // another write of the same group fails: the group is rolled back and runs again with a savepoint per
        // write, so the refusal is decided twice; the metric counts it once, after the commit
        try (Store store = open(TestDatabase.url(Engine.SQLITE, dir))) {
            AtomicInteger refused = new AtomicInteger();
            SmsAcceptance acceptance = acceptance(store, false, CommittedAnswers.NONE, refused);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> held = hold(store, release);
            Future<IdempotentAnswer> optedOut = threads.submit(() -> acceptance.accept("u", "opted-out", TO_OPTED_OUT));
            awaitPending(store, 1);
            Future<Integer> failing = threads.submit(() -> store.write(h -> {
                throw new IllegalStateException("this write fails");
            }));
            awaitPending(store, 2);
            release.countDown();
            held.get(10, TimeUnit.SECONDS);
            assertThat(optedOut.get(10, TimeUnit.SECONDS).status()).isEqualTo(Outcome.CUSTOMER_DATA_INVALID.status());
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(refused.get()).isEqualTo(1);
        }
    }

    private static void awaitPending(Store store, int writes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.pendingWrites() < writes && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.pendingWrites()).isEqualTo(writes);
    }

    private Future<?> hold(Store store, CountDownLatch release) throws InterruptedException {
        return HeldWriter.hold(threads, store, release);
    }

    private static void awaitWaiting(IntSupplier waiting, int expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.getAsInt() < expected && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(waiting.getAsInt()).isEqualTo(expected);
    }

    private static Store open(String url) {
        return Store.open(new StoreSettings(url, "FULL", Duration.ofSeconds(5)));
    }

    private static SmsAcceptance acceptance(Store store, boolean waits, CommittedAnswers committed) {
        return acceptance(store, waits, committed, new AtomicInteger());
    }

    private static SmsAcceptance acceptance(Store store, boolean waits, CommittedAnswers committed,
                                            AtomicInteger refusedOptedOut) {
        Outbox outbox = new FixedOutbox(SmsStatus.SENT, waits);
        OptOutGuard optOuts = new OptOutGuard() {
            @Override
            public boolean suppressed(String number) {
                return Set.of(OPTED_OUT).contains(number);
            }

            @Override
            public void unsubscribed(String number, String provider) {
            }

            @Override
            public void refusedAtAcceptance() {
                refusedOptedOut.incrementAndGet();
            }
        };
        return new SmsAcceptance(store, new SmsRequestParser(1), outbox, Clock.systemUTC(), optOuts, committed);
    }

    private static long count(Store store, String sql) {
        return store.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static String messageId(IdempotentAnswer answer) {
        return Json.createReader(new StringReader(new String(answer.body()))).readObject()
                .getJsonObject("result").getString("message_id");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
