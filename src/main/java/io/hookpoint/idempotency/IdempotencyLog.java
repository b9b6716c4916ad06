package io.hookpoint.idempotency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hookpoint.store.NamedSql;
import io.hookpoint.store.NamedStatement;
import io.hookpoint.store.RowsSql;
import io.hookpoint.store.RowsStatement;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;

/**
 * The idempotency log ({@code idempotency_record}): what was decided for each user's key, kept to be
 * replayed. Its SQL, binding and row mapping are here; the writes of the request path run as statements
 * the store prepared once, the rest through Jdbi.
 */
public final class IdempotencyLog {
    /**
     * Inserts a record unless the key has one: 0 rows then. On PostgreSQL an insert of the same key by
     * another instance's open transaction makes this wait for that transaction, then insert nothing (it
     * committed) or insert (it rolled back). Parameters: {@link #bind}. Public because the message's
     * one-statement acceptance on PostgreSQL embeds it ({@code MessageRepository}).
     */
    public static final String INSERT = """
            INSERT INTO idempotency_record
                   (user_login, idempotency_key, fingerprint, status_code, response_body, message_id, created_at)
            VALUES (:userLogin, :idempotencyKey, :fingerprint, :statusCode, :responseBody, :messageId, :createdAt)
            ON CONFLICT (user_login, idempotency_key) DO NOTHING""";
    private static final NamedSql INSERT_RECORD = NamedSql.of(INSERT);
    // a batch's records, many rows per statement ({@link #insertAll}); the rows inserted come back
    private static final RowsSql INSERT_ROWS = RowsSql.of("""
            INSERT INTO idempotency_record
                   (user_login, idempotency_key, fingerprint, status_code, response_body, message_id, created_at)
            VALUES""", "(?, ?, ?, ?, ?, ?, ?)", """
            ON CONFLICT (user_login, idempotency_key) DO NOTHING
            RETURNING user_login, idempotency_key""");
    private static final NamedSql FIND = NamedSql.of("""
            SELECT user_login, idempotency_key, fingerprint, status_code, response_body, message_id, created_at
              FROM idempotency_record
             WHERE user_login = :userLogin AND idempotency_key = :idempotencyKey""");
    private static final String UPDATE_ANSWER = """
            UPDATE idempotency_record SET response_body = :responseBody
             WHERE user_login = :userLogin AND idempotency_key = :idempotencyKey""";
    private static final String PURGE = """
            DELETE FROM idempotency_record
             WHERE (user_login, idempotency_key) IN (
                   SELECT user_login, idempotency_key FROM idempotency_record
                    WHERE created_at < :cutoff
                    LIMIT :limit)""";

    private final Store store;

    /**
     * Creates the log.
     *
     * @param store the store holding it
     */
    public IdempotencyLog(Store store) {
        this.store = store;
    }

    /**
     * Records what was decided for a key, unless the key has a record already.
     *
     * @param handle the handle of a {@link Store#write} callback
     * @param record the record
     * @return true when it was inserted, false when the key was decided before
     */
    public boolean insert(Handle handle, IdempotencyRecord record) {
        return bind(store.prepared(handle, INSERT_RECORD), record).update() == 1;
    }

    /**
     * Records what was decided for many keys (a batch), each unless its key has a record already; a few
     * statements of many rows each instead of one per record.
     *
     * @param handle  the handle of a {@link Store#write} callback
     * @param records the records, each key at most once
     * @return per record, in order: true when it was inserted, false when its key was decided before
     * @throws IllegalArgumentException when a user's key is there twice
     */
    public boolean[] insertAll(Handle handle, List<IdempotencyRecord> records) {
        Set<String> seen = new HashSet<>();
        for (IdempotencyRecord record : records) {
            if (!seen.add(record.userLogin() + '\0' + record.idempotencyKey())) {
                throw new IllegalArgumentException("Key " + record.idempotencyKey() + " is there twice");
            }
        }
        Set<String> inserted = new HashSet<>();
        for (int from = 0; from < records.size(); ) {
            int rows = RowsSql.chunk(records.size() - from);
            RowsStatement statement = store.prepared(handle, INSERT_ROWS, rows);
            for (IdempotencyRecord record : records.subList(from, from + rows)) {
                statement.add(record.userLogin()).add(record.idempotencyKey()).add(record.fingerprint())
                        .add(record.statusCode()).add(record.responseBody()).add(record.messageId())
                        .add(record.createdAt());
            }
            inserted.addAll(statement.query(row -> row.getString(1) + '\0' + row.getString(2)));
            from += rows;
        }
        boolean[] each = new boolean[records.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = inserted.contains(records.get(i).userLogin() + '\0' + records.get(i).idempotencyKey());
        }
        return each;
    }

    /**
     * The record of a user's key, inside a write (the request path, on a duplicate).
     *
     * @param handle the handle of a {@link Store#write} callback
     * @param userLogin      the user
     * @param idempotencyKey the key
     * @return the record, or empty
     */
    public Optional<IdempotencyRecord> find(Handle handle, String userLogin, String idempotencyKey) {
        return store.prepared(handle, FIND).bind("userLogin", userLogin).bind("idempotencyKey", idempotencyKey)
                .queryFirst(IdempotencyLog::row);
    }

    /**
     * The record of a user's key, read on a connection of its own.
     *
     * @param userLogin      the user
     * @param idempotencyKey the key
     * @return the record, or empty
     */
    public Optional<IdempotencyRecord> find(String userLogin, String idempotencyKey) {
        return store.read(h -> h.createQuery(FIND.sql()).bind("userLogin", userLogin)
                .bind("idempotencyKey", idempotencyKey).map((row, context) -> row(row)).findFirst());
    }

    /**
     * Replaces the stored answer of a key (after the first delivery attempt changed what it says).
     *
     * @param userLogin      the user
     * @param idempotencyKey the key
     * @param responseBody   the new answer
     * @return rows changed
     */
    public int updateAnswer(String userLogin, String idempotencyKey, byte[] responseBody) {
        return store.write(h -> h.createUpdate(UPDATE_ANSWER).bind("userLogin", userLogin)
                .bind("idempotencyKey", idempotencyKey).bind("responseBody", responseBody).execute());
    }

    /**
     * Deletes up to {@code limit} records older than the cutoff, in one write.
     *
     * @param cutoff epoch milliseconds
     * @param limit  the most to delete
     * @return how many went
     */
    public int purgeOlderThan(long cutoff, int limit) {
        return store.write(h -> h.createUpdate(PURGE).bind("cutoff", cutoff).bind("limit", limit).execute());
    }

    /**
     * Binds a record to the parameters of {@link #INSERT} (also where it is embedded).
     *
     * @param statement the statement
     * @param record    the record
     * @return the statement
     */
    public static NamedStatement bind(NamedStatement statement, IdempotencyRecord record) {
        return statement.bind("userLogin", record.userLogin())
                .bind("idempotencyKey", record.idempotencyKey())
                .bind("fingerprint", record.fingerprint())
                .bind("statusCode", record.statusCode())
                .bind("responseBody", record.responseBody())
                .bind("messageId", record.messageId())
                .bind("createdAt", record.createdAt());
    }

    // the one mapping of a row, for Jdbi's queries and the prepared ones alike
    private static IdempotencyRecord row(ResultSet row) throws SQLException {
        return new IdempotencyRecord(row.getString("user_login"), row.getString("idempotency_key"),
                row.getString("fingerprint"), row.getInt("status_code"), row.getBytes("response_body"),
                row.getString("message_id"), row.getLong("created_at"));
    }
}
