package io.hookpoint.delivery;

import java.util.List;

import io.hookpoint.sms.StoredSms;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The delivery side of the messages table: which messages are due, claiming them under a lease, and
 * recording the outcome. Every outcome is written only by the dispatcher that still holds the lease.
 */
@RegisterConstructorMapper(StoredSms.class)
public interface DeliveryDao {

    /** Messages due now: queued ones whose time has come, and claims whose lease ran out. */
    @SqlQuery("""
            SELECT message_id, next_attempt_at AS due_at FROM sms_message
             WHERE status = 'queued' AND next_attempt_at <= :now
            UNION ALL
            SELECT message_id, lease_until AS due_at FROM sms_message
             WHERE status = 'sending' AND lease_until < :now
            ORDER BY due_at
            LIMIT :limit
            """)
    List<String> due(long now, int limit);

    @SqlUpdate("""
            UPDATE sms_message
               SET status = 'sending', lease_owner = :owner, lease_until = :leaseUntil,
                   attempts = attempts + 1, updated_at = :now
             WHERE message_id IN (<ids>)
            """)
    int claim(@BindList("ids") List<String> ids, String owner, long leaseUntil, long now);

    @SqlQuery("SELECT " + StoredSms.COLUMNS + " FROM sms_message WHERE message_id IN (<ids>)")
    List<StoredSms> load(@BindList("ids") List<String> ids);

    @SqlUpdate("""
            UPDATE sms_message
               SET status = 'sent', sent_at = :now, updated_at = :now, last_error = NULL,
                   lease_owner = NULL, lease_until = NULL
             WHERE message_id = :messageId AND status = 'sending' AND lease_owner = :owner
            """)
    int markSent(String messageId, String owner, long now);

    @SqlUpdate("""
            UPDATE sms_message
               SET status = 'failed', last_error = :error, updated_at = :now,
                   lease_owner = NULL, lease_until = NULL
             WHERE message_id = :messageId AND status = 'sending' AND lease_owner = :owner
            """)
    int markFailed(String messageId, String owner, String error, long now);

    @SqlUpdate("""
            UPDATE sms_message
               SET status = 'queued', last_error = :error, next_attempt_at = :nextAttemptAt, updated_at = :now,
                   lease_owner = NULL, lease_until = NULL
             WHERE message_id = :messageId AND status = 'sending' AND lease_owner = :owner
            """)
    int retryLater(String messageId, String owner, String error, long nextAttemptAt, long now);
}
