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

    @SqlQuery("SELECT " + StoredSms.COLUMNS + " FROM sms_message WHERE message_id = :messageId AND user_login = :userLogin")
    Optional<StoredSms> find(String messageId, String userLogin);

    @SqlQuery("SELECT COUNT(*) FROM sms_message")
    long count();
}
