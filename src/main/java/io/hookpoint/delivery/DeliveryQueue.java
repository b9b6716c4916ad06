package io.hookpoint.delivery;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hookpoint.sms.MessageRows;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.store.Dialect;
import io.hookpoint.store.NamedSql;
import io.hookpoint.store.RowsSql;
import io.hookpoint.store.RowsStatement;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;

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
            RETURNING\s""" + MessageRows.CLAIMED_COLUMNS);

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
            RETURNING\s""" + MessageRows.CLAIMED_COLUMNS);

    /**
     * Records outcomes, each only while the lease is still the caller's: one statement for many messages
     * (one UPDATE of 21 parameters per message was a fifth of a delivery's CPU), each outcome a row of
     * {@code o}. A delivery report may have moved the message on while the provider's answer was on its
     * way (it keeps the lease): the status then moves only forwards ({@code sending} itself is the
     * dispatcher's to leave), and what the send answer said (provider id, parts, price) is kept together
     * with what the report said. {@code refund} takes back the claim's attempt when the provider only
     * throttled the call (that is no failed attempt). The messages updated come back.
     */
    private static final RowsSql RECORD_OUTCOMES = RowsSql.of("""
            WITH o (message_id, owner, status, rank, failed_at, answer_lost, last_error, next_attempt_at, refund,
                    sent_at, now, provider, provider_message_id, segments_billed, price, currency, error_code,
                    lease_until) AS (VALUES""", """
            (?, ?, ?, CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS INTEGER), ?, CAST(? AS BIGINT),
             CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?, CAST(? AS INTEGER), ?, ?, ?,
             CAST(? AS BIGINT))""", """
            )
            UPDATE sms_message
               SET status = CASE WHEN sms_message.status = 'sending' OR %1$s < o.rank AND o.status <> 'failed'
                                 THEN o.status ELSE sms_message.status END,
                   failed_at = COALESCE(sms_message.failed_at, CASE WHEN sms_message.status = 'sending'
                                                                    THEN o.failed_at END),
                   answer_lost = CASE WHEN sms_message.status = 'sending' THEN o.answer_lost
                                      ELSE sms_message.answer_lost END,
                   last_error = o.last_error, next_attempt_at = o.next_attempt_at,
                   attempts = sms_message.attempts - o.refund, sent_at = COALESCE(sms_message.sent_at, o.sent_at),
                   updated_at = o.now, lease_owner = NULL, lease_until = NULL,
                   provider = COALESCE(o.provider, sms_message.provider),
                   provider_message_id = COALESCE(o.provider_message_id, sms_message.provider_message_id),
                   segments_billed = COALESCE(o.segments_billed, sms_message.segments_billed),
                   price = COALESCE(o.price, sms_message.price),
                   price_currency = COALESCE(o.currency, sms_message.price_currency),
                   provider_error_code = COALESCE(o.error_code, sms_message.provider_error_code)
              FROM o
             WHERE sms_message.message_id = o.message_id AND sms_message.lease_owner = o.owner
               AND sms_message.status <> 'queued'
               AND (o.lease_until IS NULL OR sms_message.lease_until = o.lease_until)
            RETURNING sms_message.message_id""".formatted(SmsStatus.rankSql("sms_message.status")));

    private static final String STATUS = "SELECT status FROM sms_message WHERE message_id = :messageId";

    private static final DeliveryResult.Sent NOTHING_SAID = new DeliveryResult.Sent();
    private static final DeliveryResult.Rejected NOTHING_REFUSED = new DeliveryResult.Rejected(null);

    private final Store store;
    private final StatusChanges changes;
    private final NamedSql claimDue;

    DeliveryQueue(Store store) {
        this(store, StatusChanges.NONE);
    }

    DeliveryQueue(Store store, StatusChanges changes) {
        this.store = store;
        this.changes = changes;
        this.claimDue = claimDue(store.dialect());
    }

    /** The claim on an engine (package-private for the test of its query plan). */
    static NamedSql claimDue(Dialect dialect) {
        return switch (dialect) {
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
                .bind("now", now).bind("limit", limit).query(MessageRows::claimed));
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
            int[] each = new int[outcomes.size()];
            // a message twice in one statement would be updated once: a repeat goes into the next statement
            Set<String> ids = new HashSet<>();
            int from = 0;
            for (int i = 0; i <= outcomes.size(); i++) {
                if (i == outcomes.size() || !ids.add(outcomes.get(i).messageId())) {
                    update(h, owner, outcomes, from, i, each);
                    from = i;
                    ids.clear();
                    if (i < outcomes.size()) {
                        ids.add(outcomes.get(i).messageId());
                    }
                }
            }
            for (int i = 0; i < each.length; i++) {
                Outcome o = outcomes.get(i);
                if (each[i] == 1 && (o.status() == SmsStatus.SENT || o.status() == SmsStatus.FAILED)) {
                    changes.changed(h, o.messageId(), o.status(), o.now(),
                            o.rejected() == null ? null : o.rejected().errorCode(), o.lastError());
                }
            }
            return each;
        });
    }

    // the outcomes [from, to) of distinct messages, in statements of many rows; 1 in each[i] when updated
    private void update(Handle h, String owner, List<Outcome> outcomes, int from, int to, int[] each) {
        while (from < to) {
            int rows = RowsSql.chunk(to - from);
            List<Outcome> chunk = outcomes.subList(from, from + rows);
            RowsStatement statement = store.prepared(h, RECORD_OUTCOMES, rows);
            for (Outcome o : chunk) {
                DeliveryResult.Sent said = o.sent() == null ? NOTHING_SAID : o.sent();
                DeliveryResult.Rejected refused = o.rejected() == null ? NOTHING_REFUSED : o.rejected();
                statement.add(o.messageId()).add(owner).add(o.status().label()).add(o.status().rank())
                        .add(o.status() == SmsStatus.FAILED ? (Long) o.now() : null).add(o.answerLost() ? 1 : 0)
                        .add(o.lastError()).add(o.nextAttemptAt()).add(o.refund()).add(o.sentAt()).add(o.now())
                        .add(said.provider() != null ? said.provider() : refused.provider())
                        .add(said.providerMessageId())
                        .add(said.segments() == null ? null : (Long) said.segments().longValue())
                        .add(said.price()).add(said.currency()).add(refused.errorCode()).add(o.leaseUntil());
            }
            Set<String> updated = new HashSet<>(statement.query(row -> row.getString(1)));
            for (int i = 0; i < rows; i++) {
                each[from + i] = updated.contains(chunk.get(i).messageId()) ? 1 : 0;
            }
            from += rows;
        }
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
