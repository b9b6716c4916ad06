package io.hookpoint.optout;

import java.util.List;

import io.hookpoint.store.NamedSql;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;

/**
 * The {@code suppression} table: each number ever opted out, with its state now. A removal keeps the row
 * ({@code suppressed = 0}) and stamps {@code changed_at}, so instances that share the database see removals
 * as well as additions by reading the rows changed lately.
 */
final class SuppressionList {
    /**
     * One row.
     *
     * @param number     E.164
     * @param suppressed whether the number is suppressed now
     * @param source     what changed it last ({@code keyword}, {@code provider_error}, {@code admin})
     * @param provider   the provider that reported it, or null
     * @param changedAt  when, epoch milliseconds
     */
    record Entry(String number, boolean suppressed, String source, String provider, long changedAt) {
    }

    // changes only a row whose state differs: a second STOP is no change (and writes no second consent event)
    private static final NamedSql SUPPRESS = NamedSql.of("""
            INSERT INTO suppression (number, suppressed, source, provider, changed_at)
            VALUES (:number, 1, :source, :provider, :at)
            ON CONFLICT (number) DO UPDATE SET suppressed = 1, source = :source, provider = :provider,
                   changed_at = :at
             WHERE suppression.suppressed = 0""");
    private static final NamedSql RELEASE = NamedSql.of("""
            UPDATE suppression SET suppressed = 0, source = :source, provider = :provider, changed_at = :at
             WHERE number = :number AND suppressed = 1""");
    private static final String COLUMNS = "number, suppressed, source, provider, changed_at";
    private static final String ALL = "SELECT " + COLUMNS + " FROM suppression WHERE suppressed = 1";
    private static final String PAGE = "SELECT " + COLUMNS
            + " FROM suppression WHERE suppressed = 1 AND number > :after ORDER BY number LIMIT :limit";
    private static final String ONE = "SELECT " + COLUMNS + " FROM suppression WHERE number = :number";
    private static final String CHANGED = "SELECT " + COLUMNS + " FROM suppression WHERE changed_at >= :since";
    private static final String COUNT = "SELECT COUNT(*) FROM suppression WHERE suppressed = 1";

    private final Store store;

    SuppressionList(Store store) {
        this.store = store;
    }

    /** Suppresses a number, inside a write; true when it was not suppressed before. */
    boolean suppress(Handle handle, String number, String source, String provider, long at) {
        return store.prepared(handle, SUPPRESS).bind("number", number).bind("source", source)
                .bind("provider", provider).bind("at", at).update() == 1;
    }

    /** Takes a number off the list, inside a write; true when it was suppressed before. */
    boolean release(Handle handle, String number, String source, String provider, long at) {
        return store.prepared(handle, RELEASE).bind("number", number).bind("source", source)
                .bind("provider", provider).bind("at", at).update() == 1;
    }

    /** Every suppressed number. */
    List<String> all() {
        return store.read(h -> h.createQuery(ALL).map((rs, ctx) -> rs.getString("number")).list());
    }

    /** Suppressed numbers after {@code after}, in order. */
    List<Entry> page(String after, int limit) {
        return store.read(h -> h.createQuery(PAGE).bind("after", after).bind("limit", limit).map(SuppressionList::row)
                .list());
    }

    /** One number's row, or null. */
    Entry find(String number) {
        return store.read(h -> h.createQuery(ONE).bind("number", number).map(SuppressionList::row).findOne()
                .orElse(null));
    }

    /** The rows changed at or after {@code since} (by any instance). */
    List<Entry> changedSince(long since) {
        return store.read(h -> h.createQuery(CHANGED).bind("since", since).map(SuppressionList::row).list());
    }

    /** How many numbers are suppressed. */
    long count() {
        return store.read(h -> h.createQuery(COUNT).mapTo(Long.class).one());
    }

    private static Entry row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Entry(rs.getString("number"), rs.getLong("suppressed") == 1, rs.getString("source"),
                rs.getString("provider"), rs.getLong("changed_at"));
    }
}
