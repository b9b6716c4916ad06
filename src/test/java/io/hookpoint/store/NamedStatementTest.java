package io.hookpoint.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Statements bound by name on the writer's connection, on both engines. */
class NamedStatementTest {
    private static final NamedSql PROBE_BOTH = NamedSql.of(
            "INSERT INTO store_probe (id, probed_at) VALUES (:id, :at)");
    private static final NamedSql PROBE_SAME = NamedSql.of(
            "INSERT INTO store_probe (id, probed_at) VALUES (:n, :n)");
    private static final NamedSql READ = NamedSql.of(
            "SELECT probed_at FROM store_probe WHERE id = :id AND ':id' <> 'x'");

    private static Store open(Engine engine, Path dir) {
        return Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL", Duration.ofSeconds(5)));
    }

    @Test
    void parsesNamesOnceAndLeavesLiteralsAlone() {
        assertThat(READ.jdbc()).isEqualTo("SELECT probed_at FROM store_probe WHERE id = ? AND ':id' <> 'x'");
        assertThat(READ.parameters()).isEqualTo(1);
        assertThat(PROBE_SAME.positions("n")).containsExactly(1, 2);
        assertThat(PROBE_BOTH.positions("at")).containsExactly(2);
        assertThatThrownBy(() -> PROBE_BOTH.positions("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":nope");
        assertThatThrownBy(() -> NamedSql.of("SELECT * FROM store_probe WHERE id = ?"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("by name");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void bindsEachNameAtEveryPositionWhateverTheOrder(Engine engine, @TempDir Path dir) {
        try (Store store = open(engine, dir)) {
            store.write(h -> store.prepared(h, PROBE_BOTH).bind("at", 7_000_000_000L).bind("id", 2L).update());
            store.write(h -> store.prepared(h, PROBE_SAME).bind("n", 5_000_000_000L).update());

            assertThat(store.<Optional<Long>>write(h -> store.prepared(h, READ).bind("id", 2L)
                    .queryFirst(row -> row.getLong("probed_at")))).contains(7_000_000_000L);
            assertThat(store.<Optional<Long>>write(h -> store.prepared(h, READ).bind("id", 5_000_000_000L)
                    .queryFirst(row -> row.getLong("probed_at")))).contains(5_000_000_000L);
            assertThat(store.<Optional<Long>>write(h -> store.prepared(h, READ).bind("id", 3L)
                    .queryFirst(row -> row.getLong("probed_at")))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void refusesToRunWithAParameterUnbound(Engine engine, @TempDir Path dir) {
        try (Store store = open(engine, dir)) {
            store.write(h -> store.prepared(h, PROBE_BOTH).bind("id", 1L).bind("at", 1L).update());
            // the cached statement starts empty again: the earlier binding does not carry over
            assertThatThrownBy(() -> store.write(h -> store.prepared(h, PROBE_BOTH).bind("id", 9L).update()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Not every parameter");
            assertThat(store.<Integer>read(h -> h.createQuery("SELECT COUNT(*) FROM store_probe").mapTo(Integer.class).one()))
                    .isEqualTo(1);
        }
    }

    @Test
    void isForWriteCallbacksOnly(@TempDir Path dir) {
        try (Store store = open(Engine.SQLITE, dir)) {
            assertThatThrownBy(() -> store.read(h -> store.prepared(h, READ)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
