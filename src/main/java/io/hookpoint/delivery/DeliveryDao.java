package io.hookpoint.delivery;

import io.hookpoint.sms.StoredSms;

/**
 * The delivery side of the messages table: which messages are due, claiming them under a lease, and
 * recording the outcome. Every outcome is written only by the dispatcher that still holds the lease.
 */
public interface DeliveryDao {

    /**
     * Claims the messages due now (queued ones whose time has come, and claims whose lease ran out),
     * oldest first, under a lease, and returns them as claimed: one statement, prepared once by the
     * dispatcher through {@code Store.prepared}. Parameters: lease owner, lease until, updated at (epoch
     * ms), now (twice), the most to claim. Columns: {@link StoredSms#COLUMNS}.
     */
    String CLAIM_DUE = """
            UPDATE sms_message
               SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
             WHERE message_id IN (
                   SELECT message_id FROM (
                          SELECT message_id, next_attempt_at AS due_at FROM sms_message
                           WHERE status = 'queued' AND next_attempt_at <= ?
                          UNION ALL
                          SELECT message_id, lease_until AS due_at FROM sms_message
                           WHERE status = 'sending' AND lease_until < ?
                          ORDER BY due_at
                          LIMIT ?))
            RETURNING\s""" + StoredSms.COLUMNS;

    /**
     * {@link #CLAIM_DUE} for PostgreSQL, where the dispatchers of several instances claim at the same
     * time: rows another claim holds are skipped ({@code FOR UPDATE SKIP LOCKED}), so no message is
     * handed to two gateways and nobody waits. Each kind is taken by its own index scan (one scan with
     * both conditions sorted the whole backlog on every claim, and PostgreSQL allows no locking clause
     * directly over a {@code UNION}), expired leases first; the outer limit keeps the claim within the
     * free slots (rows locked but not claimed are free again at the commit). Parameters: lease owner,
     * lease until, updated at, now, limit, now, limit, limit. Columns: {@link StoredSms#COLUMNS}.
     */
    String CLAIM_DUE_POSTGRESQL = """
            UPDATE sms_message
               SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
             WHERE message_id IN (
                   SELECT message_id FROM (
                          SELECT message_id FROM (
                                 SELECT message_id FROM sms_message
                                  WHERE status = 'sending' AND lease_until < ?
                                  ORDER BY lease_until
                                  LIMIT ?
                                    FOR UPDATE SKIP LOCKED) expired
                          UNION ALL
                          SELECT message_id FROM (
                                 SELECT message_id FROM sms_message
                                  WHERE status = 'queued' AND next_attempt_at <= ?
                                  ORDER BY next_attempt_at
                                  LIMIT ?
                                    FOR UPDATE SKIP LOCKED) queued) due
                    LIMIT ?)
            RETURNING\s""" + StoredSms.COLUMNS;

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
