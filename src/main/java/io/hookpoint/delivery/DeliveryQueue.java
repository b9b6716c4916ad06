package io.hookpoint.delivery;

import java.util.List;
import java.util.Optional;

import io.hookpoint.sms.MessageRepository;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.store.NamedSql;
import io.hookpoint.store.Store;

/**
 * The delivery side of the messages table: which messages are due, claiming them under a lease, and
 * recording the outcome, written only by the dispatcher that still holds the lease. Claims and outcomes
 * run as statements the store prepared once, on the writer shared with acceptance: a claim takes many
 * messages, and outcomes are recorded in groups ({@link OutcomeRecorder}), so the writer does a few
 * writes per hundreds of messages. The status literals in the SQL are {@link SmsStatus} labels.
 */
final class DeliveryQueue {
    /**
     * The outcome of one attempt.
     *
     * @param messageId     the message
     * @param status        the message's status now
     * @param lastError     why the attempt failed, or null
     * @param nextAttemptAt when to try again, epoch milliseconds (0 when not)
     * @param sentAt        when the provider took it, or null
     * @param refund        1 to take the claim's attempt back (throttled or handed back unsent), else 0
     * @param now           epoch milliseconds
     * @param sent          what the provider said when it took the message, or null
     * @param rejected      what the provider said when it refused the message for good (its error code), or
     *                      an answer lost (a {@code Rejected} made from an {@link DeliveryResult.Unknown}), or null
     * @param answerLost    whether the send's answer was lost (the message may have gone; a report may settle it)
     * @param leaseUntil    the lease end of the claim this outcome belongs to, or null to check only the owner
     */
    record Outcome(String messageId, SmsStatus status, String lastError, long nextAttemptAt, Long sentAt, int refund,
                   long now, DeliveryResult.Sent sent, DeliveryResult.Rejected rejected, boolean answerLost,
                   Long leaseUntil) {
        Outcome(String messageId, SmsStatus status, String lastError, long nextAttemptAt, Long sentAt, int refund,
                long now, DeliveryResult.Sent sent) {
            this(messageId, status, lastError, nextAttemptAt, sentAt, refund, now, sent, null, false, null);
        }

        Outcome(String messageId, SmsStatus status, String lastError, long nextAttemptAt, Long sentAt, int refund,
                long now) {
            this(messageId, status, lastError, nextAttemptAt, sentAt, refund, now, null, null, false, null);
        }

        /** This outcome, recorded only while the message is still under the claim that ends at {@code until}. */
        Outcome underLease(long until) {
            return new Outcome(messageId, status, lastError, nextAttemptAt, sentAt, refund, now, sent, rejected,
                    answerLost, until);
        }
    }

    /**
     * Claims the messages due now (queued ones whose time has come, and claims whose lease ran out),
     * oldest first, under a lease, and returns them as claimed.
     */
    private static final NamedSql CLAIM_DUE_SQLITE = NamedSql.of("""
            UPDATE sms_message
               SET status = 'sending', lease_owner = :owner, lease_until = :leaseUntil,
                   attempts = attempts + 1, updated_at = :now
             WHERE message_id IN (
                   SELECT message_id FROM (
                          SELECT message_id, next_attempt_at AS due_at FROM sms_message
                           WHERE status = 'queued' AND next_attempt_at <= :now
                          UNION ALL
                          SELECT message_id, lease_until AS due_at FROM sms_message
                           WHERE status = 'sending' AND lease_until < :now
                          ORDER BY due_at
                          LIMIT :limit))
            RETURNING\s""" + MessageRepository.CLAIMED_COLUMNS);

    /**
     * {@link #CLAIM_DUE_SQLITE} for PostgreSQL, where the dispatchers of several instances claim at the
     * same time: rows another claim holds are skipped ({@code FOR UPDATE SKIP LOCKED}), so no message is
     * handed to two gateways and nobody waits. Each kind is taken by its own index scan (one scan with
     * both conditions sorted the whole backlog on every claim, and PostgreSQL allows no locking clause
     * directly over a {@code UNION}), expired leases first; the outer limit keeps the claim within the
     * free slots (rows locked but not claimed are free again at the commit).
     */
    private static final NamedSql CLAIM_DUE_POSTGRESQL = NamedSql.of("""
            UPDATE sms_message
               SET status = 'sending', lease_owner = :owner, lease_until = :leaseUntil,
                   attempts = attempts + 1, updated_at = :now
             WHERE message_id IN (
                   SELECT message_id FROM (
                          SELECT message_id FROM (
                                 SELECT message_id FROM sms_message
                                  WHERE status = 'sending' AND lease_until < :now
                                  ORDER BY lease_until
                                  LIMIT :limit
                                    FOR UPDATE SKIP LOCKED) expired
                          UNION ALL
                          SELECT message_id FROM (
                                 SELECT message_id FROM sms_message
                                  WHERE status = 'queued' AND next_attempt_at <= :now
                                  ORDER BY next_attempt_at
                                  LIMIT :limit
                                    FOR UPDATE SKIP LOCKED) queued) due
                    LIMIT :limit)
            RETURNING\s""" + MessageRepository.CLAIMED_COLUMNS);

    /**
     * Records an outcome, only while the lease is still the caller's. A delivery report may have moved the
     * message on while the provider's answer was on its way (it keeps the lease): the status then moves
     * only forwards ({@code sending} itself is the dispatcher's to leave), and what the send answer said
     * (provider id, parts, price) is kept together with what the report said. {@code refund} takes back the
     * claim's attempt when the provider only throttled the call (that is no failed attempt).
     */
    private static final NamedSql RECORD_OUTCOME = NamedSql.of("""
            UPDATE sms_message
               SET status = CASE WHEN status = 'sending' OR %1$s < :rank AND :status <> 'failed' THEN :status
                                 ELSE status END,
                   failed_at = COALESCE(failed_at, CASE WHEN status = 'sending' THEN :failedAt END),
                   answer_lost = CASE WHEN status = 'sending' THEN :answerLost ELSE answer_lost END,
                   last_error = :lastError, next_attempt_at = :nextAttemptAt, attempts = attempts - :refund,
                   sent_at = COALESCE(sent_at, :sentAt), updated_at = :now, lease_owner = NULL, lease_until = NULL,
                   provider = COALESCE(:provider, provider),
                   provider_message_id = COALESCE(:providerMessageId, provider_message_id),
                   segments_billed = COALESCE(:segmentsBilled, segments_billed),
                   price = COALESCE(:price, price), price_currency = COALESCE(:currency, price_currency),
                   provider_error_code = COALESCE(:errorCode, provider_error_code)
             WHERE message_id = :messageId AND lease_owner = :owner AND status <> 'queued'
               AND (CAST(:leaseUntil AS BIGINT) IS NULL OR lease_until = :leaseUntil)"""
            .formatted(SmsStatus.rankSql("status")));

    private static final String STATUS = "SELECT status FROM sms_message WHERE message_id = :messageId";

    private final Store store;
    private final StatusChanges changes;
    private final NamedSql claimDue;

    DeliveryQueue(Store store) {
        this(store, StatusChanges.NONE);
    }

    DeliveryQueue(Store store, StatusChanges changes) {
        this.store = store;
        this.changes = changes;
        this.claimDue = switch (store.dialect()) {
            case SQLITE -> CLAIM_DUE_SQLITE;
            case POSTGRESQL -> CLAIM_DUE_POSTGRESQL;
        };
    }

    /**
     * Claims up to {@code limit} due messages for a lease holder, in a write of its own.
     *
     * @param owner      the lease holder
     * @param now        epoch milliseconds
     * @param leaseUntil when the lease runs out, epoch milliseconds
     * @param limit      the most to claim
     * @return the messages claimed, as claimed (status {@code SENDING}, attempts counted)
     */
    List<StoredSms> claimDue(String owner, long now, long leaseUntil, int limit) {
        return store.write(h -> store.prepared(h, claimDue).bind("owner", owner).bind("leaseUntil", leaseUntil)
                .bind("now", now).bind("limit", limit).query(MessageRepository::claimed));
    }

    /**
     * Records the outcome of an attempt and ends the lease, if the lease is still the owner's.
     *
     * @param messageId     the message
     * @param owner         the lease holder
     * @param status        the message's status now
     * @param lastError     why the attempt failed, or null
     * @param nextAttemptAt when to try again, epoch milliseconds (0 when not)
     * @param sentAt        when the provider took it, or null
     * @param now           epoch milliseconds
     * @return 1, or 0 when the lease was lost
     */
    int recordOutcome(String messageId, String owner, SmsStatus status, String lastError, long nextAttemptAt,
                      Long sentAt, long now) {
        return recordOutcome(messageId, owner, status, lastError, nextAttemptAt, sentAt, null, now);
    }

    /**
     * Records the outcome of an attempt, with what the provider said when it took the message, and ends
     * the lease, if the lease is still the owner's.
     *
     * @param messageId     the message
     * @param owner         the lease holder
     * @param status        the message's status now
     * @param lastError     why the attempt failed, or null
     * @param nextAttemptAt when to try again, epoch milliseconds (0 when not)
     * @param sentAt        when the provider took it, or null
     * @param sent          the provider's answer when it took the message, or null
     * @param now           epoch milliseconds
     * @return 1, or 0 when the lease was lost
     */
    int recordOutcome(String messageId, String owner, SmsStatus status, String lastError, long nextAttemptAt,
                      Long sentAt, DeliveryResult.Sent sent, long now) {
        return recordOutcomes(owner, List.of(new Outcome(messageId, status, lastError, nextAttemptAt, sentAt, 0, now,
                sent)))[0];
    }

    /**
     * Records outcomes in one write and ends their leases, where the lease is still the owner's.
     *
     * @param owner    the lease holder
     * @param outcomes the outcomes
     * @return per outcome 1, or 0 when the lease was lost
     */
    int[] recordOutcomes(String owner, List<Outcome> outcomes) {
        return store.write(h -> {
            int[] updated = new int[outcomes.size()];
            for (int i = 0; i < updated.length; i++) {
                Outcome o = outcomes.get(i);
                DeliveryResult.Sent said = o.sent() == null ? new DeliveryResult.Sent() : o.sent();
                DeliveryResult.Rejected refused = o.rejected() == null ? new DeliveryResult.Rejected(null)
                        : o.rejected();
                updated[i] = store.prepared(h, RECORD_OUTCOME).bind("status", o.status().label())
                        .bind("rank", o.status().rank())
                        .bind("failedAt", o.status() == SmsStatus.FAILED ? (Long) o.now() : null)
                        .bind("lastError", o.lastError()).bind("nextAttemptAt", o.nextAttemptAt())
                        .bind("refund", o.refund()).bind("sentAt", o.sentAt())
                        .bind("provider", said.provider() != null ? said.provider() : refused.provider())
                        .bind("errorCode", refused.errorCode()).bind("answerLost", o.answerLost() ? 1 : 0).bind("providerMessageId", said.providerMessageId())
                        .bind("segmentsBilled", said.segments() == null ? null : (Long) said.segments().longValue())
                        .bind("price", said.price()).bind("currency", said.currency())
                        .bind("leaseUntil", o.leaseUntil())
                        .bind("now", o.now()).bind("messageId", o.messageId()).bind("owner", owner).update();
                if (updated[i] == 1 && (o.status() == SmsStatus.SENT || o.status() == SmsStatus.FAILED)) {
                    changes.changed(h, o.messageId(), o.status(), o.now(), refused.errorCode(), o.lastError());
                }
            }
            return updated;
        });
    }

    /**
     * A message's status now.
     *
     * @param messageId the message
     * @return its status, or empty when there is no such message
     */
    Optional<SmsStatus> status(String messageId) {
        return store.read(h -> h.createQuery(STATUS).bind("messageId", messageId).mapTo(String.class).findOne())
                .map(SmsStatus::of);
    }
}
