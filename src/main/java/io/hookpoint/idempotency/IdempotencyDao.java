package io.hookpoint.idempotency;

import java.util.Optional;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The idempotency log's table. */
@RegisterConstructorMapper(IdempotencyRecord.class)
public interface IdempotencyDao {
    /** Finds the record of a user's key (the request path runs it through {@code Store.prepared}). */
    String FIND = """
            SELECT user_login, idempotency_key, fingerprint, status_code, response_body, message_id, created_at
              FROM idempotency_record
             WHERE user_login = ? AND idempotency_key = ?
            """;
    /**
     * Inserts a record, its columns in the order of {@link IdempotencyRecord}, unless the key has one:
     * 0 rows then. On PostgreSQL an insert of the same key by another instance's open transaction
     * makes this wait for that transaction, then insert nothing (it committed) or insert (it rolled back).
     */
    String INSERT = """
            INSERT INTO idempotency_record
                   (user_login, idempotency_key, fingerprint, status_code, response_body, message_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_login, idempotency_key) DO NOTHING
            """;

    @SqlQuery(FIND)
    Optional<IdempotencyRecord> find(String userLogin, String idempotencyKey);

    @SqlUpdate(INSERT)
    int insert(String userLogin, String idempotencyKey, String fingerprint, int statusCode, byte[] responseBody,
                String messageId, long createdAt);

    /** Replaces the stored answer of a key (after the first delivery attempt changed what it says). */
    @SqlUpdate("""
            UPDATE idempotency_record SET response_body = :responseBody
             WHERE user_login = :userLogin AND idempotency_key = :idempotencyKey
            """)
    int updateAnswer(String userLogin, String idempotencyKey, byte[] responseBody);

    /** Deletes up to {@code limit} records older than the cutoff; returns how many went. */
    @SqlUpdate("""
            DELETE FROM idempotency_record
             WHERE (user_login, idempotency_key) IN (
                   SELECT user_login, idempotency_key FROM idempotency_record
                    WHERE created_at < :cutoff
                    LIMIT :limit)
            """)
    int purgeOlderThan(long cutoff, int limit);
}
