package io.hookpoint.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The store on both engines: schema on start, group commit, failures as StoreUnavailableException. */
class StoreTest {

    private static int number(Store store, String sql) {
        return store.read(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static StoreSettings settings(String url) {
        return new StoreSettings(url, "FULL", Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void opensCreatesTheSchemaAndReopens(Engine engine, @TempDir Path dir) {
        String url = engine == Engine.SQLITE ? "jdbc:sqlite:" + dir.resolve("nested/dir/store.db")
                : TestDatabase.url(engine, dir);
        try (Store store = Store.open(settings(url))) {
            assertThat(store.dialect().name()).isEqualTo(engine.name());
            assertThat(store.isWritable()).isTrue();
            assertThat(store.isWritable()).as("the probe overwrites its row").isTrue();
            assertThat(number(store, "SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.latest());
        }
        try (Store again = Store.open(settings(url))) {
            assertThat(number(again, "SELECT COUNT(*) FROM schema_version")).as("migrations are applied once")
                    .isEqualTo(Migrations.latest());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailingWriteFailsAloneAndTheRestOfItsGroupCommits(Engine engine, @TempDir Path dir) throws Exception {
        try (Store store = Store.open(settings(TestDatabase.url(engine, dir)));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            store.write(h -> h.execute("CREATE TABLE group_test (id INTEGER PRIMARY KEY, tries INTEGER NOT NULL)"));
            // the writer is held while the others queue up, so they all land in one group
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> first = pool.submit(() -> store.write(h -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return h.execute("INSERT INTO group_test (id, tries) VALUES (0, 1)");
            }));
            assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                int id = i == 10 ? 0 : i;  // the tenth takes the first one's id: a constraint violation
                writes.add(pool.submit(() -> store.write(h -> h.execute(
                        "INSERT INTO group_test (id, tries) VALUES (" + id + ", 1)"))));
            }
            while (store.pendingWrites() < 20) {
                Thread.sleep(5);
            }
            long commits = store.commits();
            release.countDown();
            assertThat(first.get()).isEqualTo(1);
            for (int i = 0; i < writes.size(); i++) {
                Future<Integer> write = writes.get(i);
                if (i == 9) {
                    assertThatThrownBy(write::get).hasCauseInstanceOf(StoreUnavailableException.class);
                } else {
                    assertThat(write.get()).isEqualTo(1);
                }
            }
            assertThat(number(store, "SELECT COUNT(*) FROM group_test")).isEqualTo(20);
            assertThat(number(store, "SELECT SUM(tries) FROM group_test")).as("no write committed twice")
                    .isEqualTo(20);
            assertThat(store.commits() - commits).as("the held write, then the 20 queued ones in one commit")
                    .isEqualTo(2);
        }
    }

    @Test
    void sqliteRunsInWalMode(@TempDir Path dir) {
        try (Store store = Store.open(settings(TestDatabase.url(Engine.SQLITE, dir)))) {
            String mode = store.read(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            assertThat(mode).isEqualTo("wal");
        }
    }

    @Test
    void postgresqlKeepsEpochMillisecondsInBigints(@TempDir Path dir) {
        try (Store store = Store.open(settings(TestDatabase.url(Engine.POSTGRESQL, dir)))) {
            String type = store.read(h -> h.createQuery("""
                    SELECT data_type FROM information_schema.columns
                     WHERE table_name = 'sms_message' AND column_name = 'created_at'""").mapTo(String.class).one());
            assertThat(type).isEqualTo("bigint");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instancesStartingTogetherMigrateOnce(Engine engine, @TempDir Path dir) throws Exception {
        String url = TestDatabase.url(engine, dir);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Store>> opening = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                opening.add(threads.submit(() -> {
                    start.await();
                    return Store.open(settings(url));
                }));
            }
            start.countDown();
            List<Store> stores = new ArrayList<>();
            for (Future<Store> store : opening) {
                stores.add(store.get());
            }
            assertThat(number(stores.getFirst(), "SELECT COUNT(*) FROM schema_version")).isEqualTo(Migrations.latest());
            stores.forEach(Store::close);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailedWriteRollsBackAloneAndSurfacesAsUnavailable(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(settings(TestDatabase.url(engine, dir)))) {
            assertThatThrownBy(() -> store.write(h -> {
                h.execute("INSERT INTO schema_version (version) VALUES (99)");
                return h.execute("INSERT INTO no_such_table VALUES (1)");
            })).isInstanceOf(StoreUnavailableException.class);

            assertThat(number(store, "SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.latest());
            assertThat(store.<Integer>write(h -> h.execute("DELETE FROM schema_version WHERE version = 99")))
                    .as("the writer works again after a failure").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void concurrentWritesShareCommits(Engine engine, @TempDir Path dir) throws Exception {
        try (Store store = Store.open(settings(TestDatabase.url(engine, dir)));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long commitsBefore = store.commits();
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                writes.add(threads.submit(() -> store.write(h -> h.execute(
                        "INSERT INTO store_probe (id, probed_at) VALUES (?, ?)", 1000 + n, n))));
            }
            for (Future<Integer> write : writes) {
                assertThat(write.get()).isEqualTo(1);
            }
            assertThat(number(store, "SELECT COUNT(*) FROM store_probe WHERE id >= 1000")).isEqualTo(400);
            assertThat(store.commits() - commitsBefore).as("group commit: fewer commits than writes").isLessThan(400);
        }
    }

    @Test
    void aWriteThatLosesADeadlockToAnotherInstanceIsRunAgainNotFailed(@TempDir Path dir) throws Exception {
        String url = TestDatabase.url(Engine.POSTGRESQL, dir);
        try (Store a = Store.open(settings(url)); Store b = Store.open(settings(url));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // each instance's transaction takes one row, then wants the other's: PostgreSQL picks a victim
            CountDownLatch bothHoldTheirRow = new CountDownLatch(2);
            String insert = "INSERT INTO store_probe (id, probed_at) VALUES (?, 0) ON CONFLICT (id) DO NOTHING";
            Future<Integer> first = threads.submit(() -> a.write(h -> {
                int rows = h.execute(insert, 501);
                bothHoldTheirRow.countDown();
                await(bothHoldTheirRow);
                return rows + h.execute(insert, 502);
            }));
            Future<Integer> second = threads.submit(() -> b.write(h -> {
                int rows = h.execute(insert, 502);
                bothHoldTheirRow.countDown();
                await(bothHoldTheirRow);
                return rows + h.execute(insert, 501);
            }));

            // the winner inserted both rows; the victim ran again after it committed and found them there
            assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(2, 0);
            // usually one victim; on a loaded machine both backends may run the deadlock check before either
            // aborts, and PostgreSQL then fails both: each is run again, none fails
            assertThat(a.retriedWrites() + b.retriedWrites()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aWriteStuckLongerThanTwiceTheTimeoutFailsAsUnavailableAndTheNextWritesGoOn(@TempDir Path dir) throws Exception {
        // a write that hangs (as on a disk that stopped answering): its caller, and the callers queued behind it,
        // get "store busy" (503: Bloomreach retries) after about twice the timeout, not an endless wait
        String url = TestDatabase.url(Engine.SQLITE, dir);
        // the schema made first with the usual timeout: creating it can take longer than a short one's patience
        Store.open(settings(url)).close();
        try (Store store = Store.open(new StoreSettings(url, "FULL", Duration.ofMillis(250)));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch release = new CountDownLatch(1);
            try {
                Future<Integer> stuck = callers.submit(() -> store.write(h -> {
                    await(release);
                    return h.execute("CREATE TABLE stuck (id INTEGER)");
                }));
                Thread.sleep(50);
                long started = System.nanoTime();
                Future<Integer> behind = callers.submit(() -> store.write(h -> h.execute("CREATE TABLE behind (id INTEGER)")));
                // a wait that never ends fails here as a TimeoutException (no cause)
                assertThatThrownBy(() -> behind.get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreUnavailableException.class).hasMessageContaining("did not commit within");
                assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            } finally {
                release.countDown();
            }
            // the writer goes on: the stuck write commits late (its caller already had its answer), then the rest
            int tables = store.write(h -> h.createQuery("SELECT COUNT(*) FROM sqlite_master WHERE name IN"
                    + " ('stuck', 'behind')").mapTo(Integer.class).one());
            assertThat(tables).isEqualTo(2);
        }
    }

    @Test
    void aWriteThatThrowsAnErrorFailsAloneAsUnavailableAndTheWriterGoesOn(@TempDir Path dir) {
        // an Error from a write (a stack overflow, a class that failed to load) must not end the writer thread:
        // every caller waits for its future without a timer, so a dead writer would leave every request hanging
        try (Store store = Store.open(settings(TestDatabase.url(Engine.SQLITE, dir)))) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThatThrownBy(() -> store.write(h -> {
                    throw new StackOverflowError("deep");
                })).isInstanceOf(StoreUnavailableException.class).hasRootCauseInstanceOf(StackOverflowError.class);
                store.write(h -> h.execute("CREATE TABLE after_error (id INTEGER)"));
                assertThat(number(store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'after_error'")).isOne();
            });
        }
    }

    @Test
    void aWriteQueuedAfterTheWriterStoppedFailsInsteadOfWaitingForever(@TempDir Path dir) throws Exception {
        // Store.write checks "closed" before it queues: a close in between leaves the write behind the writer's
        // last look at its queue, and nobody (not the watchdog either: it ends with the writer) would complete it
        GroupCommitWriter writer = new GroupCommitWriter(Jdbi.create(TestDatabase.url(Engine.SQLITE, dir)),
                Dialect.SQLITE, Duration.ofSeconds(1));
        writer.stop(Duration.ofSeconds(5));

        CompletableFuture<Integer> late = writer.submit(h -> 1);

        // a wait that never ends fails here as a TimeoutException
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreUnavailableException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aClosedStoreIsUnavailable(Engine engine, @TempDir Path dir) {
        Store store = Store.open(settings(TestDatabase.url(engine, dir)));
        store.close();

        assertThat(store.isWritable()).isFalse();
        assertThatThrownBy(() -> store.write(h -> 1)).isInstanceOf(StoreUnavailableException.class);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aNewerSchemaThanThisVersionKnowsRefusesToStart(Engine engine, @TempDir Path dir) {
        String url = TestDatabase.url(engine, dir);
        try (Store store = Store.open(settings(url))) {
            store.write(h -> h.execute("INSERT INTO schema_version (version) VALUES (?)", Migrations.latest() + 1));
        }
        assertThatThrownBy(() -> Store.open(settings(url))).hasMessageContaining("newer");
    }

    @Test
    void onlySqliteAndPostgresqlUrlsAreAccepted() {
        assertThatThrownBy(() -> Store.open(new StoreSettings("jdbc:mysql://db/hookpoint", "FULL",
                Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SQLite").hasMessageContaining("PostgreSQL");
    }

    @Test
    void anUnreachablePostgresqlIsUnavailableNotAHang() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> Store.open(new StoreSettings("jdbc:postgresql://127.0.0.1:1/none", "FULL",
                Duration.ofSeconds(1)))).isInstanceOf(StoreUnavailableException.class);
        assertThat((System.nanoTime() - started) / 1_000_000_000.0).as("seconds").isLessThan(30);
    }
}
