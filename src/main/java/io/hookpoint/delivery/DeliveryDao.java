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

    /**
     * Records an outcome, only while the lease is still the caller's. Parameters: status, last error,
     * next attempt (epoch ms), sent at (epoch ms or null), updated at, message id, lease owner. The
     * dispatcher runs it through {@code Store.prepared}: one per delivered message.
     */
    String RECORD_OUTCOME = """
            UPDATE sms_message
               SET status = ?, last_error = ?, next_attempt_at = ?, sent_at = ?, updated_at = ?,
                   lease_owner = NULL, lease_until = NULL
             WHERE message_id = ? AND status = 'sending' AND lease_owner = ?
            """;
}
