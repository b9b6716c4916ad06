package io.hookpoint.reports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.lab.LabFaults;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.store.NamedSql;
import io.hookpoint.store.NamedStatement;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;

/**
 * Applies delivery reports to the messages table: each in one conditional UPDATE that changes the row
 * only when the report's status is ahead of the stored one, so duplicates and reports that arrive out of
 * order (a {@code sent} after {@code delivered}) change nothing, and a final status stays final. The
 * reports of one callback are applied in one store write.
 *
 * <p>A send whose answer was lost ends {@code failed} ({@code answer_lost}): a report that comes later is
 * the truth and settles it, once. A message never handed to a provider takes no report.
 *
 * <p>A report may arrive while the dispatcher still waits for the provider's answer to the send (the
 * message is {@code sending}, under a lease): it is applied then and there, the lease is left alone, and
 * the dispatcher's outcome later moves the status only forwards ({@code DeliveryQueue}), adding the
 * provider id, parts and price its answer carried. Such a report must name our message id: the provider's
 * id is stored only with the outcome, so a report naming only that is counted as unknown until then.
 *
 * <p>A report saying the recipient unsubscribed at the provider (Vonage's receipt error 9) puts the
 * message's number on the suppression list, once the reports are written.
 */
public final class DeliveryReports {
    // the values a report may bring; a provider that says nothing leaves what is stored
    private static final String SET = """
            UPDATE sms_message
               SET status = :status,
                   provider = COALESCE(provider, :provider),
                   provider_message_id = COALESCE(provider_message_id, :providerMessageId),
                   provider_status = COALESCE(:providerStatus, provider_status),
                   provider_error_code = COALESCE(:errorCode, provider_error_code),
                   provider_error = COALESCE(:error, provider_error),
                   segments_billed = COALESCE(:segments, segments_billed),
                   price = COALESCE(:price, price), price_currency = COALESCE(:currency, price_currency),
                   sent_at = COALESCE(sent_at, :sentAt), delivered_at = COALESCE(delivered_at, :deliveredAt),
                   failed_at = CASE WHEN answer_lost = 1 THEN :failedAt ELSE COALESCE(failed_at, :failedAt) END,
                   answer_lost = 0, updated_at = :now
            """;
    // only forwards (or settling a send whose answer was lost), only a message that was handed to a provider
    // at least once, and only one this provider may speak for (unknown before the send's outcome)
    // (the lab's broken variant REPORTS_BACKWARDS drops "only forwards": LabFaults, never set in service)
    private static final String AHEAD = (LabFaults.active(LabFaults.Fault.REPORTS_BACKWARDS)
            ? " AND (:rank = :rank)" : " AND (" + SmsStatus.rankSql("status")
            + " < :rank OR status = 'failed' AND answer_lost = 1)") + " AND attempts > 0"
            + " AND (provider IS NULL OR provider = :provider)";
    private static final NamedSql BY_ID = NamedSql.of(SET + " WHERE message_id = :messageId" + AHEAD);
    private static final NamedSql BY_PROVIDER_ID = NamedSql.of(SET
            + " WHERE provider_message_id = :providerMessageId AND provider = :provider" + AHEAD);
    private static final String ID_BY_PROVIDER_ID = "SELECT message_id FROM sms_message"
            + " WHERE provider_message_id = :providerMessageId AND provider = :provider";
    private static final String RECIPIENT_BY_ID = "SELECT recipient FROM sms_message"
            + " WHERE message_id = :messageId AND recipient <> ''";
    private static final String RECIPIENT_BY_PROVIDER_ID = "SELECT recipient FROM sms_message"
            + " WHERE provider_message_id = :providerMessageId AND provider = :provider AND recipient <> ''";
    private static final String EXISTS_BY_ID = "SELECT COUNT(*) FROM sms_message WHERE message_id = :messageId";
    private static final String EXISTS_BY_PROVIDER_ID = "SELECT COUNT(*) FROM sms_message"
            + " WHERE provider_message_id = :providerMessageId AND provider = :provider";

    /**
     * What a callback's reports did.
     *
     * @param applied   reports that moved a message forwards
     * @param unchanged reports for known messages that were not ahead (duplicates, out of order)
     * @param unknown   reports for messages we do not have
     */
    public record Tally(int applied, int unchanged, int unknown) {
    }

    private final Store store;
    private final Clock clock;
    private final StatusChanges changes;
    private final OptOutGuard optOuts;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    /**
     * Creates the applier.
     *
     * @param store the store holding the messages
     * @param clock the time of reports that carry none
     */
    public DeliveryReports(Store store, Clock clock) {
        this(store, clock, StatusChanges.NONE, OptOutGuard.NONE);
    }

    /**
     * Creates the applier whose applied reports also write what {@code changes} records, in the same write.
     *
     * @param store   the store holding the messages
     * @param clock   the time of reports that carry none
     * @param changes what a report that moved a message also writes (events for Bloomreach)
     * @param optOuts where a number the provider reports unsubscribed goes
     */
    public DeliveryReports(Store store, Clock clock, StatusChanges changes, OptOutGuard optOuts) {
        this.store = store;
        this.clock = clock;
        this.changes = changes;
        this.optOuts = optOuts;
    }

    /**
     * Applies reports, in one store write.
     *
     * @param reports the reports of one callback
     * @return what they did
     */
    public Tally apply(List<DeliveryReport> reports) {
        if (reports.isEmpty()) {
            return new Tally(0, 0, 0);
        }
        long now = clock.millis();
        List<String> numbers = new ArrayList<>();
        Tally tally = store.write(h -> {
            int moved = 0;
            int missing = 0;
            numbers.clear();    // a write may run again after a failed group commit
            for (DeliveryReport report : reports) {
                if (update(h, report, now) == 1) {
                    moved++;
                    changed(h, report, now);
                } else if (!exists(h, report)) {
                    missing++;
                    continue;
                }
                if (report.unsubscribed()) {
                    recipient(h, report).ifPresent(numbers::add);
                }
            }
            return new Tally(moved, reports.size() - moved - missing, missing);
        });
        // after the write: the suppression list writes on its own (its row, its consent event)
        // a failure here fails the callback (5xx): the provider sends the report again, and since the message
        // exists its "unsubscribed" is acted on again then, even though the status no longer moves
        numbers.forEach(number -> optOuts.unsubscribedInReport(number, reports.get(0).provider()));
        applied.addAndGet(tally.applied());
        unchanged.addAndGet(tally.unchanged());
        unknown.addAndGet(tally.unknown());
        return tally;
    }

    /** Reports that moved a message forwards, since the start. */
    public long applied() {
        return applied.get();
    }

    /** Reports for known messages that changed nothing (duplicates, out of order), since the start. */
    public long unchanged() {
        return unchanged.get();
    }

    /** Reports for messages we do not have, since the start. */
    public long unknown() {
        return unknown.get();
    }

    private int update(Handle h, DeliveryReport report, long now) {
        long at = report.at() == null ? now : report.at();
        SmsStatus status = report.status();
        NamedStatement statement = report.messageId() != null
                ? store.prepared(h, BY_ID).bind("messageId", report.messageId())
                : store.prepared(h, BY_PROVIDER_ID);
        return statement.bind("status", status.label()).bind("rank", status.rank())
                .bind("provider", report.provider()).bind("providerMessageId", report.providerMessageId())
                .bind("providerStatus", report.providerStatus()).bind("errorCode", report.errorCode())
                .bind("error", report.error())
                .bind("segments", report.segments() == null ? null : (Long) report.segments().longValue())
                .bind("price", report.price()).bind("currency", report.currency())
                .bind("sentAt", status == SmsStatus.SENT ? (Long) at : null)
                .bind("deliveredAt", status == SmsStatus.DELIVERED ? (Long) at : null)
                .bind("failedAt", status == SmsStatus.UNDELIVERED || status == SmsStatus.FAILED ? (Long) at : null)
                .bind("now", now)
                .update();
    }

    private void changed(Handle h, DeliveryReport report, long now) {
        String messageId = report.messageId();
        if (messageId == null) {
            messageId = h.createQuery(ID_BY_PROVIDER_ID).bind("providerMessageId", report.providerMessageId())
                    .bind("provider", report.provider()).mapTo(String.class).findFirst().orElse(null);
        }
        if (messageId != null) {
            changes.changed(h, messageId, report.status(), report.at() == null ? now : report.at(),
                    report.errorCode(), report.error());
        }
    }

    // none once the content was redacted (retention): then there is no number left to suppress
    private static Optional<String> recipient(Handle h, DeliveryReport report) {
        var query = report.messageId() != null
                ? h.createQuery(RECIPIENT_BY_ID).bind("messageId", report.messageId())
                : h.createQuery(RECIPIENT_BY_PROVIDER_ID).bind("providerMessageId", report.providerMessageId())
                        .bind("provider", report.provider());
        return query.mapTo(String.class).findFirst();
    }

    private static boolean exists(Handle h, DeliveryReport report) {
        if (report.messageId() != null) {
            return h.createQuery(EXISTS_BY_ID).bind("messageId", report.messageId()).mapTo(Long.class).one() > 0;
        }
        return h.createQuery(EXISTS_BY_PROVIDER_ID).bind("providerMessageId", report.providerMessageId())
                .bind("provider", report.provider()).mapTo(Long.class).one() > 0;
    }
}
