package io.hookpoint.sms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.store.StoreUnavailableException;
import io.hookpoint.testing.HeldWriter;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AcceptanceQueue} on a real SQLite file, with writes of plain rows in a table of the test's: requests that
 * join one combined write, and what happens when that write fails (each request runs alone, so one request's
 * failure stays its own) or the store is gone.
 */
class AcceptanceQueueTest {
    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<List<String>> combinedRuns = Collections.synchronizedList(new ArrayList<>());
    private final List<String> singleRuns = Collections.synchronizedList(new ArrayList<>());
    private Store store;
    private AcceptanceQueue<String, String> queue;

    @BeforeEach
    void open() {
        store = Store.open(new StoreSettings("jdbc:sqlite:" + dir.resolve("queue.db"), "FULL", Duration.ofSeconds(5)));
        store.write(h -> h.execute("CREATE TABLE taken_key (user_login TEXT, k TEXT, PRIMARY KEY (user_login, k))"));
        // all of a user's keys in one statement, without ON CONFLICT: a key taken before fails it
        queue = new AcceptanceQueue<>(store, this::insertAll, this::insertOne, key -> key);
    }

    @AfterEach
    void close() {
        store.close();
        threads.close();
    }

    @Test
    void requestsThatWaitTogetherShareOneWriteSortedPerUser() throws Exception {
        List<String> answers = together(List.of("u:b", "v:z", "u:a", "u:c"));

        assertThat(answers).containsExactly("u:b", "v:z", "u:a", "u:c");
        assertThat(combinedRuns).containsExactly(List.of("u:a", "u:b", "u:c"), List.of("v:z"));
        assertThat(singleRuns).isEmpty();
        assertThat(count()).isEqualTo(4);
    }

    @Test
    void aLoneRequestIsDecidedAloneAndItsFailureIsNotRunTwice() {
        assertThat(queue.decide("u", "a")).isEqualTo("u:a");
        assertThatThrownBy(() -> queue.decide("u", "a")).isInstanceOf(StoreUnavailableException.class);

        assertThat(combinedRuns).isEmpty();
        assertThat(singleRuns).containsExactly("u:a", "u:a");
    }

    @Test
    void whenTheCombinedWriteFailsEachRequestRunsAloneAndOnlyTheFailingOneFails() throws Exception {
        queue.decide("u", "taken");
        singleRuns.clear();

        List<Future<String>> futures = join(List.of("u:a", "u:taken", "u:b", "v:taken"));
        List<Object> outcomes = new ArrayList<>();
        for (Future<String> future : futures) {
            try {
                outcomes.add(future.get(10, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }

        assertThat(outcomes.get(0)).isEqualTo("u:a");
        assertThat(outcomes.get(1)).isInstanceOf(StoreUnavailableException.class);
        assertThat(outcomes.get(2)).isEqualTo("u:b");
        assertThat(outcomes.get(3)).isEqualTo("v:taken");
        // u's keys failed together (v's never ran); then each alone (a group that fails runs again: a set)
        assertThat(combinedRuns).isNotEmpty().allSatisfy(run -> assertThat(run).containsExactly("u:a", "u:b", "u:taken"));
        assertThat(Set.copyOf(singleRuns)).containsExactlyInAnyOrder("u:a", "u:taken", "u:b", "v:taken");
        assertThat(count()).isEqualTo(4); // taken, a, b and v's taken: nothing of the failed write is left
    }

    @Test
    void whenTheStoreClosesBeforeTheCombinedWriteRunsEveryRequestGetsItsFailure() throws Exception {
        store.close();
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            futures.add(threads.submit(() -> queue.decide("u", key)));
        }
        for (Future<String> future : futures) {
            try {
                future.get(10, TimeUnit.SECONDS);
                throw new AssertionError("decided on a closed store");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class);
            }
        }
        assertThat(queue.waiting()).isZero();
        assertThat(combinedRuns).isEmpty();
        assertThat(singleRuns).isEmpty();
    }

    @Test
    void anInterruptedLeaderFailsAloneAndTheRequestsThatJoinedItAreStillDecided() throws Exception {
        // the leader's thread interrupted while it waits for the combined write (Helidon interrupts a request's
        // thread when it closes the connection): that is the leader's failure only
        CountDownLatch release = new CountDownLatch(1);
        Future<?> held = HeldWriter.hold(threads, store, release);
        CompletableFuture<String> led = new CompletableFuture<>();
        Thread leader = Thread.ofVirtual().start(() -> {
            try {
                led.complete(queue.decide("u", "leader"));
            } catch (RuntimeException e) {
                led.completeExceptionally(e);
            }
        });
        awaitWaiting(1);
        Future<String> follower = threads.submit(() -> queue.decide("u", "follower"));
        awaitWaiting(2);

        leader.interrupt();
        assertThatThrownBy(() -> led.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        release.countDown();
        held.get(10, TimeUnit.SECONDS);

        assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("u:follower");
        List<String> keys = store.read(h -> h.createQuery("SELECT k FROM taken_key").mapTo(String.class).list());
        assertThat(keys).containsExactly("follower");
    }

    private void awaitWaiting(int requests) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.waiting() < requests && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(queue.waiting()).isEqualTo(requests);
    }

    private List<String> together(List<String> requests) throws Exception {
        List<String> answers = new ArrayList<>();
        for (Future<String> future : join(requests)) {
            answers.add(future.get(10, TimeUnit.SECONDS));
        }
        return answers;
    }

    // "user:key" requests, all joined while a write of the test's holds the writer, then released
    private List<Future<String>> join(List<String> requests) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> held = HeldWriter.hold(threads, store, release);
        List<Future<String>> futures = new ArrayList<>();
        for (String request : requests) {
            String[] parts = request.split(":");
            futures.add(threads.submit(() -> queue.decide(parts[0], parts[1])));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.waiting() < requests.size() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(queue.waiting()).isEqualTo(requests.size());
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        return futures;
    }

    private List<String> insertAll(Handle handle, String user, List<String> keys) {
        List<String> run = keys.stream().map(k -> user + ":" + k).toList();
        combinedRuns.add(run);
        String values = String.join(", ", Collections.nCopies(keys.size(), "(?, ?)"));
        var update = handle.createUpdate("INSERT INTO taken_key (user_login, k) VALUES " + values);
        for (int i = 0; i < keys.size(); i++) {
            update.bind(2 * i, user).bind(2 * i + 1, keys.get(i));
        }
        update.execute();
        return run;
    }

    private String insertOne(Handle handle, String user, String key) {
        singleRuns.add(user + ":" + key);
        handle.createUpdate("INSERT INTO taken_key (user_login, k) VALUES (?, ?)").bind(0, user).bind(1, key).execute();
        return user + ":" + key;
    }

    private long count() {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM taken_key").mapTo(Long.class).one());
    }
}
