package io.hookpoint.testing;

import java.util.List;
import java.util.Map;

import io.hookpoint.store.Dialect;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.statement.Query;

/**
 * How an engine runs a statement (its query plan, not run), and a table of messages shaped like a store that
 * has run a while: mostly settled messages, a few live ones. For the tests that keep the reads by status off
 * the whole table.
 */
public final class QueryPlans {
    private QueryPlans() {
    }

    /**
     * The plan of a statement: SQLite's {@code EXPLAIN QUERY PLAN} details ({@code SEARCH t USING INDEX i (...)},
     * {@code SCAN t}), or PostgreSQL's {@code EXPLAIN} lines ({@code Seq Scan on t}, {@code Index Scan using i}).
     *
     * @param store the store
     * @param sql   the statement, with {@code :name} parameters
     * @param binds a value for each parameter
     * @return the plan's lines
     */
    public static List<String> plan(Store store, String sql, Map<String, Object> binds) {
        boolean sqlite = store.dialect() == Dialect.SQLITE;
        return store.read(h -> {
            Query query = h.createQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql);
            binds.forEach(query::bind);
            return query.map((row, context) -> row.getString(sqlite ? "detail" : "QUERY PLAN")).list();
        });
    }

    /**
     * Fills {@code sms_message} with messages: per 1000, one queued (due), one sending (its lease ran out),
     * ten failed, the rest sent or delivered; then the engine's statistics are gathered (PostgreSQL chooses
     * its plans by them; SQLite's Hookpoint never gathers any, so none there).
     *
     * @param store    the store
     * @param messages how many
     */
    public static void fillMessages(Store store, int messages) {
        store.write(h -> h.createUpdate("""
                WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :messages)
                INSERT INTO sms_message (message_id, user_login, idempotency_key, recipient, text, encoding, segments,
                                         status, created_at, updated_at, next_attempt_at, attempts, lease_owner,
                                         lease_until, provider, provider_message_id)
                SELECT 'fill-' || i, 'u', 'fill-' || i, '+15551234567', 'Hi', 'GSM-7', 1,
                       CASE WHEN i % 1000 = 0 THEN 'queued' WHEN i % 1000 = 1 THEN 'sending'
                            WHEN i % 100 = 2 THEN 'failed' WHEN i % 3 = 0 THEN 'sent' ELSE 'delivered' END,
                       i, i, i, 1, CASE WHEN i % 1000 = 1 THEN 'gone' END, CASE WHEN i % 1000 = 1 THEN i END,
                       'stub', CASE WHEN i % 1000 > 1 THEN 'p-' || i END
                  FROM n""").bind("messages", messages).execute());
        if (store.dialect() == Dialect.POSTGRESQL) {
            store.write(h -> h.execute("ANALYZE sms_message"));
        }
    }
}
