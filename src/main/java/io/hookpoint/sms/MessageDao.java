package io.hookpoint.sms;

import java.util.Optional;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The messages table. */
@RegisterConstructorMapper(StoredSms.class)
public interface MessageDao {
    /** Inserts a new message (the request path runs it through {@code Store.prepared}). */
    String INSERT = """
            INSERT INTO sms_message
                   (message_id, user_login, idempotency_key, recipient, sender, text, encoding, segments,
                    customer_id, scenario_id, action_id, reference, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    /**
     * PostgreSQL only (a data-modifying {@code WITH}, which SQLite lacks): the key's idempotency record
     * ({@code IdempotencyDao.INSERT}'s parameters first) and then the message ({@link #INSERT}'s), the
     * message only when the record was inserted, in one statement and one round trip. 1 row: both
     * inserted; 0: the key was decided before.
     */
    String INSERT_WITH_RECORD_POSTGRESQL = """
            WITH record AS (
                 INSERT INTO idempotency_record
                        (user_login, idempotency_key, fingerprint, status_code, response_body, message_id, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (user_login, idempotency_key) DO NOTHING
                 RETURNING 1)
            INSERT INTO sms_message
                   (message_id, user_login, idempotency_key, recipient, sender, text, encoding, segments,
                    customer_id, scenario_id, action_id, reference, status, created_at, updated_at)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
             WHERE EXISTS (SELECT 1 FROM record)
            """;

    @SqlQuery("SELECT " + StoredSms.COLUMNS + " FROM sms_message WHERE message_id = :messageId AND user_login = :userLogin")
    Optional<StoredSms> find(String messageId, String userLogin);

    @SqlQuery("SELECT COUNT(*) FROM sms_message")
    long count();
}
