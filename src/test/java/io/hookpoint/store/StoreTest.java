package io.hookpoint.store;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQLite store: schema on start, WAL, failures as StoreUnavailableException. */
class StoreTest {

    private static String text(Store store, String sql) {
        return store.read(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private static int number(Store store, String sql) {
        return store.read(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static StoreSettings settings(Path file) {
        return new StoreSettings("jdbc:sqlite:" + file, "FULL", Duration.ofSeconds(2));
    }

    @Test
    void opensCreatesTheSchemaInWalModeAndReopens(@TempDir Path dir) {
        Path file = dir.resolve("nested/dir/store.db");
        try (Store store = Store.open(settings(file))) {
            assertThat(store.isWritable()).isTrue();
            assertThat(text(store, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(number(store, "SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.latest());
        }
        try (Store again = Store.open(settings(file))) {
            assertThat(number(again, "SELECT COUNT(*) FROM schema_version")).as("migrations are applied once")
                    .isEqualTo(Migrations.latest());
        }
    }

    @Test
    void aFailedWriteRollsBackAndSurfacesAsUnavailable(@TempDir Path dir) {
        try (Store store = Store.open(settings(dir.resolve("s.db")))) {
            assertThatThrownBy(() -> store.write(h -> {
                h.execute("INSERT INTO schema_version (version) VALUES (99)");
                return h.execute("INSERT INTO no_such_table VALUES (1)");
            })).isInstanceOf(StoreUnavailableException.class);

            assertThat(number(store, "SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.latest());
            assertThat(store.<Integer>write(h -> h.execute("DELETE FROM schema_version WHERE version = 99")))
                    .as("the writer works again after a failure").isZero();
        }
    }

    @Test
    void aClosedStoreIsUnavailable(@TempDir Path dir) {
        Store store = Store.open(settings(dir.resolve("s.db")));
        store.close();

        assertThat(store.isWritable()).isFalse();
        assertThatThrownBy(() -> store.write(h -> 1)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aNewerSchemaThanThisVersionKnowsRefusesToStart(@TempDir Path dir) {
        Path file = dir.resolve("s.db");
        try (Store store = Store.open(settings(file))) {
            store.write(h -> h.execute("INSERT INTO schema_version (version) VALUES (?)", Migrations.latest() + 1));
        }
        assertThatThrownBy(() -> Store.open(settings(file))).hasMessageContaining("newer");
    }

    @Test
    void onlySqliteUrlsAreAccepted() {
        assertThatThrownBy(() -> Store.open(new StoreSettings("jdbc:postgresql://db/hookpoint", "FULL",
                Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite");
    }
}
