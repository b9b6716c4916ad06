package io.hookpoint.bloomreach;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.hookpoint.sms.ExportedEvents.ExportedEvent;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.store.NamedSql;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;

/**
 * The events waiting for Bloomreach, and what became of them ({@code bloomreach_event}): one row per
 * message and status, written in the transaction that moved the message (so a crash loses none and a
 * change that did not commit sends none), claimed in batches under a lease (several instances on
 * PostgreSQL skip each other's rows), then kept as {@code sent}, {@code failed} (with the reason), or
 * {@code skipped} (the message has no customer id to track it on).
 */
public final class EventOutbox implements StatusChanges {
    /** What became of an event. */
    public enum State {
        /** Waiting to be sent (or to be tried again). */
        PENDING,
        /** Bloomreach answered the command with success. */
        SENT,
        /** Bloomreach refused it, or it was tried {@code attempts} times: kept with the reason. */
        FAILED,
        /** The message has no customer id: nothing to track it on. */
        SKIPPED;

        /** The value in the table. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    // only if the message is at that status now (a change that was not applied records nothing), once. At the
    // status's own time, but never at or before an earlier event of the message: Bloomreach orders a customer's
    // events by timestamp, and a provider's report time can precede ours (Vonage's scts is to the minute, a
    // report that settles a lost answer comes after its "failed"), which would make "sent" or "failed" look
    // like the last word on a delivered message
    private static final NamedSql RECORD = NamedSql.of("""
            INSERT INTO bloomreach_event (event_id, kind, message_id, status, state, at, error_code, error,
                                          next_attempt_at, created_at)
            SELECT message_id || ':' || status, 'sms', message_id, status,
                   CASE WHEN customer_id IS NULL THEN 'skipped' ELSE 'pending' END,
                   (SELECT CASE WHEN MAX(e.at) >= :at THEN MAX(e.at) + 1 ELSE :at END
                      FROM bloomreach_event e WHERE e.message_id = :messageId AND e.kind = 'sms'),
                   :errorCode, :error, :now, :now
              FROM sms_message WHERE message_id = :messageId AND status = :status
            ON CONFLICT (event_id) DO NOTHING""");

    // on the customer last texted at the number (its id names the message, not the number, which is not sent
    // to Bloomreach); none when no customer was ever texted there
    private static final NamedSql CONSENT = NamedSql.of("""
            INSERT INTO bloomreach_event (event_id, kind, message_id, status, state, at, next_attempt_at, created_at)
            SELECT 'consent:' || message_id || ':' || :action || ':' || CAST(:at AS TEXT), 'consent', message_id,
                   :action, 'pending', :at, :now, :now
              FROM sms_message WHERE recipient = :number AND customer_id IS NOT NULL
             ORDER BY created_at DESC LIMIT 1
            ON CONFLICT (event_id) DO NOTHING""");

    private static final String DUE = """
            SELECT event_id FROM bloomreach_event
             WHERE state = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now)
             ORDER BY next_attempt_at LIMIT :limit""";
    private static final NamedSql CLAIM_SQLITE = NamedSql.of("""
            UPDATE bloomreach_event SET lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1
             WHERE event_id IN (%s)""".formatted(DUE));
    private static final NamedSql CLAIM_POSTGRESQL = NamedSql.of("""
            UPDATE bloomreach_event SET lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1
             WHERE event_id IN (%s FOR UPDATE SKIP LOCKED)""".formatted(DUE));
    private static final NamedSql CLAIMED = NamedSql.of("""
            SELECT e.event_id, e.kind, e.message_id, e.status, e.at, e.error_code, e.error, e.attempts,
                   m.customer_id, m.scenario_id, m.action_id, m.reference, m.encoding, m.segments,
                   m.segments_billed, m.provider, m.provider_message_id, m.price, m.price_currency
              FROM bloomreach_event e JOIN sms_message m ON m.message_id = e.message_id
             WHERE e.lease_owner = :owner AND e.lease_until = :leaseUntil
             ORDER BY e.at""");
    private static final NamedSql SETTLE = NamedSql.of("""
            UPDATE bloomreach_event
               SET state = :state, last_error = :lastError, exported_at = :exportedAt,
                   next_attempt_at = :nextAttemptAt, lease_owner = NULL, lease_until = NULL
             WHERE event_id = :eventId AND lease_owner = :owner AND lease_until = :leaseUntil""");
    private static final String BY_STATE = "SELECT state, COUNT(*) FROM bloomreach_event GROUP BY state";
    private static final String OF_MESSAGE = """
            SELECT status, state, last_error FROM bloomreach_event WHERE message_id = :messageId AND kind = 'sms'
             ORDER BY created_at, at""";

    /**
     * One claimed event with what its command needs from the message.
     *
     * @param eventId   the event ({@code <message id>:<status>}), the command id
     * @param consent   whether it is a consent event (an opt-out or opt-in), not a message's status
     * @param messageId the message (of a consent event: the last one to the number, for its customer)
     * @param status    the status it tells (a consent event: {@code reject} or {@code accept})
     * @param at        when the message reached it, epoch milliseconds
     * @param errorCode the provider's error code, or null
     * @param error     the error text, or null
     * @param attempts  tries so far, this one included
     * @param message   the message's columns the event's properties come from, by column name (null values absent)
     */
    public record Claimed(String eventId, boolean consent, String messageId, String status, long at, String errorCode,
                          String error, int attempts, Map<String, Object> message) {
    }

    /**
     * What one event's export came to.
     *
     * @param state         its state now ({@code PENDING} to try again)
     * @param lastError     the reason (failed, or why it is tried again), or null
     * @param nextAttemptAt when to try again, epoch milliseconds
     */
    public record Settlement(State state, String lastError, long nextAttemptAt) {
    }

    private final Store store;
    private final Clock clock;
    private final Set<SmsStatus> statuses;
    private final boolean consents;
    private final NamedSql claim;

    /**
     * Creates the outbox.
     *
     * @param store    the store
     * @param statuses the statuses that become events
     * @param consents whether opt-outs and opt-ins become consent events
     * @param clock    the time an event is written
     */
    public EventOutbox(Store store, Set<SmsStatus> statuses, boolean consents, Clock clock) {
        this.store = store;
        this.consents = consents;
        this.clock = clock;
        this.statuses = Set.copyOf(statuses);
        this.claim = switch (store.dialect()) {
            case SQLITE -> CLAIM_SQLITE;
            case POSTGRESQL -> CLAIM_POSTGRESQL;
        };
    }

    @Override
    public void changed(Handle handle, String messageId, SmsStatus status, long at, String errorCode, String error) {
        if (!statuses.contains(status)) {
            return;
        }
        store.prepared(handle, RECORD).bind("messageId", messageId).bind("status", status.label())
                .bind("at", at).bind("errorCode", errorCode).bind("error", error).bind("now", clock.millis()).update();
    }

    /**
     * A number opted out or back in: a consent event on the customer last texted at that number.
     *
     * @param handle  the handle of the transaction that changed the suppression list
     * @param number  the number, E.164
     * @param optedIn an opt-in (accept) or an opt-out (reject)
     * @param at      when, epoch milliseconds
     * @return whether an event was written
     */
    public boolean consent(Handle handle, String number, boolean optedIn, long at) {
        if (!consents) {
            return false;
        }
        return store.prepared(handle, CONSENT).bind("number", number).bind("action", optedIn ? "accept" : "reject")
                .bind("at", at).bind("now", clock.millis()).update() > 0;
    }

    /**
     * Claims the events due now, oldest first, under a lease.
     *
     * @param owner      the exporter
     * @param limit      the most events
     * @param now        epoch milliseconds
     * @param leaseUntil the lease's end, epoch milliseconds (identifies this claim)
     * @return the claimed events, with their messages
     */
    public List<Claimed> claim(String owner, int limit, long now, long leaseUntil) {
        return store.write(h -> {
            store.prepared(h, claim).bind("owner", owner).bind("leaseUntil", leaseUntil).bind("now", now)
                    .bind("limit", limit).update();
            return store.prepared(h, CLAIMED).bind("owner", owner).bind("leaseUntil", leaseUntil)
                    .query(EventOutbox::claimed);
        });
    }

    /**
     * Records what became of claimed events, in one write, where the claim is still the caller's.
     *
     * @param owner       the exporter
     * @param leaseUntil  the claim's lease end
     * @param now         epoch milliseconds
     * @param settlements per event id, its outcome
     */
    public void settle(String owner, long leaseUntil, long now, Map<String, Settlement> settlements) {
        store.write(h -> {
            settlements.forEach((eventId, s) -> store.prepared(h, SETTLE)
                    .bind("state", s.state().label()).bind("lastError", s.lastError())
                    .bind("exportedAt", s.state() == State.SENT ? (Long) now : null)
                    .bind("nextAttemptAt", s.nextAttemptAt()).bind("eventId", eventId).bind("owner", owner)
                    .bind("leaseUntil", leaseUntil).update());
            return null;
        });
    }

    /** Events by state, for the metrics. */
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new TreeMap<>();
        for (State state : State.values()) {
            counts.put(state.label(), 0L);
        }
        store.read(h -> h.createQuery(BY_STATE).map((row, ctx) -> Map.entry(row.getString(1), row.getLong(2)))
                .list()).forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /**
     * The events of one message.
     *
     * @param messageId the message
     * @return its events, oldest first
     */
    public List<ExportedEvent> ofMessage(String messageId) {
        return store.read(h -> h.createQuery(OF_MESSAGE).bind("messageId", messageId)
                .map((row, ctx) -> new ExportedEvent(SmsStatus.of(row.getString("status")), row.getString("state"),
                        row.getString("last_error"))).list());
    }

    private static Claimed claimed(ResultSet row) throws SQLException {
        Map<String, Object> message = new TreeMap<>();
        for (String column : List.of("customer_id", "scenario_id", "action_id", "reference", "encoding",
                "provider", "provider_message_id", "price", "price_currency")) {
            String value = row.getString(column);
            if (value != null) {
                message.put(column, value);
            }
        }
        for (String column : List.of("segments", "segments_billed")) {
            long value = row.getLong(column);
            if (!row.wasNull()) {
                message.put(column, value);
            }
        }
        return new Claimed(row.getString("event_id"), "consent".equals(row.getString("kind")),
                row.getString("message_id"), row.getString("status"), row.getLong("at"), row.getString("error_code"),
                row.getString("error"), row.getInt("attempts"), message);
    }
}
