package io.hookpoint.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.hookpoint.idempotency.IdempotencyLog;
import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.store.NamedSql;
import io.hookpoint.store.NamedStatement;
import io.hookpoint.store.RowsSql;
import io.hookpoint.store.RowsStatement;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The messages table ({@code sms_message}) as the webhook sees it: accepting a message together with its
 * key's record, and looking messages up. Its rows become messages in {@link MessageRows}, which the
 * delivery side reads its claims with too.
 */
public final class MessageRepository {
    private static final String INSERT_COLUMNS = """
            INSERT INTO sms_message
                   (message_id, user_login, idempotency_key, recipient, sender, text, encoding, segments,
                    customer_id, scenario_id, action_id, reference, status, created_at, updated_at, next_attempt_at)
            """;
    // the message's identity and times are those of its key's record: one source for both rows; due at
    // once, and claimed oldest first (the claim orders by next_attempt_at)
    private static final String VALUES = """
            :messageId, :userLogin, :idempotencyKey, :recipient, :sender, :text, :encoding, :segments,
            :customerId, :scenarioId, :actionId, :reference, :status, :createdAt, :createdAt, :createdAt""";
    private static final NamedSql INSERT = NamedSql.of(INSERT_COLUMNS + "VALUES (" + VALUES + ")");
    // PostgreSQL only (a data-modifying WITH, which SQLite lacks): the key's record, and the message only
    // when the record was inserted, in one statement and one round trip. 1 row: both; 0: decided before.
    private static final NamedSql INSERT_WITH_RECORD = NamedSql.of("WITH record AS (\n" + IdempotencyLog.INSERT
            + "\nRETURNING 1)\n" + INSERT_COLUMNS + "SELECT " + VALUES + "\n WHERE EXISTS (SELECT 1 FROM record)");
    // a batch's messages, many rows per statement; created, updated and due at the record's time
    private static final RowsSql INSERT_ROWS = RowsSql.of(INSERT_COLUMNS + "VALUES",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "");
    private static final String FIND = "SELECT " + MessageRows.COLUMNS
            + " FROM sms_message WHERE message_id = :messageId AND user_login = :userLogin";

    private final Store store;
    private final IdempotencyLog log;
    private final boolean oneStatement;

    /**
     * Creates the repository.
     *
     * @param store the store holding the table
     */
    public MessageRepository(Store store) {
        this.store = store;
        this.log = new IdempotencyLog(store);
        this.oneStatement = switch (store.dialect()) {
            case SQLITE -> false;
            case POSTGRESQL -> true;
        };
    }

    /**
     * Records a key's decision and, when the record is new, the message it accepted; in the caller's
     * write. Nothing is inserted when the key was decided before.
     *
     * @param handle the handle of a {@link Store#write} callback
     * @param record the key's record; its message id, user, key and time are the message's
     * @param draft  the message
     * @return true when both were inserted, false when the key was decided before
     */
    public boolean insertWithRecord(Handle handle, IdempotencyRecord record, SmsDraft draft) {
        if (oneStatement) {
            return bindMessage(IdempotencyLog.bind(store.prepared(handle, INSERT_WITH_RECORD), record), draft)
                    .update() == 1;
        }
        if (!log.insert(handle, record)) {
            return false;
        }
        bindMessage(store.prepared(handle, INSERT)
                .bind("messageId", record.messageId()).bind("userLogin", record.userLogin())
                .bind("idempotencyKey", record.idempotencyKey()).bind("createdAt", record.createdAt()), draft)
                .update();
        return true;
    }

    /**
     * {@link #insertWithRecord} for many keys at once (a batch), in a few statements of many rows: the
     * records first, then the messages of those records that were inserted and have one.
     *
     * @param handle  the handle of a {@link Store#write} callback
     * @param records the keys' records, each key at most once
     * @param drafts  per record its message, or null for a record without one (a refused item)
     * @return per record, in order: true when it was inserted (with its message), false when its key was
     *         decided before
     */
    public boolean[] insertAllWithRecords(Handle handle, List<IdempotencyRecord> records, List<SmsDraft> drafts) {
        boolean[] inserted = log.insertAll(handle, records);
        List<Integer> withMessage = new ArrayList<>(records.size());
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] && drafts.get(i) != null) {
                withMessage.add(i);
            }
        }
        for (int from = 0; from < withMessage.size(); ) {
            int rows = RowsSql.chunk(withMessage.size() - from);
            RowsStatement statement = store.prepared(handle, INSERT_ROWS, rows);
            for (int i : withMessage.subList(from, from + rows)) {
                IdempotencyRecord record = records.get(i);
                SmsDraft draft = drafts.get(i);
                statement.add(record.messageId()).add(record.userLogin()).add(record.idempotencyKey())
                        .add(draft.recipient()).add(draft.sender()).add(draft.text())
                        .add(draft.measure().encoding().label()).add(draft.measure().segments())
                        .add(draft.customerId()).add(draft.scenarioId()).add(draft.actionId()).add(draft.reference())
                        .add(SmsStatus.QUEUED.label()).add(record.createdAt()).add(record.createdAt())
                        .add(record.createdAt());
            }
            statement.update();
            from += rows;
        }
        return inserted;
    }

    /**
     * A user's message.
     *
     * @param messageId the message
     * @param userLogin the user who sent it (another user's message is not found)
     * @return the message, or empty
     */
    public Optional<StoredSms> find(String messageId, String userLogin) {
        return store.read(h -> h.createQuery(FIND).bind("messageId", messageId).bind("userLogin", userLogin)
                .map((row, context) -> MessageRows.row(row)).findFirst());
    }

    // the content of messages past their retention, a batch at a time, oldest first; a message still on its
    // way (queued, sending) keeps it, since it must still be sent. What reports need stays: ids, status,
    // provider ids and status, times, parts and price.
    static final String REDACT = """
            UPDATE sms_message SET recipient = '', sender = NULL, text = '', redacted_at = :now
             WHERE message_id IN (SELECT message_id FROM sms_message
                                   WHERE redacted_at IS NULL AND created_at < :cutoff
                                     AND status NOT IN ('queued', 'sending')
                                   ORDER BY created_at LIMIT :limit)""";

    /**
     * Redacts the content (recipient, sender, text) of up to {@code limit} messages accepted before the
     * cutoff that are no longer queued or sending; in one write of its own.
     *
     * @param cutoff epoch milliseconds: messages created before it are redacted
     * @param now    epoch milliseconds: recorded as {@code redacted_at}
     * @param limit  the most messages redacted by this call
     * @return how many were redacted
     */
    public int redactContent(long cutoff, long now, int limit) {
        return store.write(h -> h.createUpdate(REDACT).bind("cutoff", cutoff).bind("now", now).bind("limit", limit)
                .execute());
    }

    // the failed messages a re-queue selects (%s: the selection's conditions), with what decides whether each
    // may be sent again
    static final String FAILED = """
            SELECT message_id, redacted_at, last_error, answer_lost FROM sms_message
             WHERE status = 'failed'%s
             ORDER BY created_at""";
    // back in the queue as if just accepted: attempts from zero, due now, what the attempts and the provider said
    // cleared (a late report for the old provider id then finds nothing), the operator's reason kept with the
    // error the message had. Never a redacted message: its content is gone
    private static final String REQUEUE = """
            UPDATE sms_message
               SET status = 'queued', attempts = 0, next_attempt_at = :now, updated_at = :now,
                   requeued_at = :now, requeue_reason = :reason || ' (failed: ' || COALESCE(last_error, '') || ')',
                   last_error = NULL, failed_at = NULL, answer_lost = 0, sent_at = NULL, lease_owner = NULL,
                   lease_until = NULL, provider_message_id = NULL, provider_status = NULL, provider_error_code = NULL,
                   provider_error = NULL
             WHERE status = 'failed' AND redacted_at IS NULL AND message_id IN (<ids>)""";
    private static final int REQUEUE_CHUNK = 500;

    /**
     * A failed message matched by a re-queue.
     *
     * @param messageId  the message
     * @param redacted   whether its content was redacted after the retention
     * @param lastError  why it failed
     * @param answerLost whether the provider's answer was lost (it may have been sent)
     */
    public record Failed(String messageId, boolean redacted, String lastError, boolean answerLost) {
    }

    /**
     * What a re-queue matched and did.
     *
     * @param matched  the failed messages the conditions matched
     * @param requeued how many were put back in the queue
     */
    public record Requeued(List<Failed> matched, int requeued) {
    }

    /**
     * Puts failed messages back in the queue, in one write: those {@code select} picks from the failed messages
     * the conditions match.
     *
     * @param conditions SQL conditions on {@code sms_message} ({@code " AND ..."}); {@code <ids>} is a list
     * @param params     the conditions' named parameters
     * @param ids        the {@code <ids>} list of the conditions, or null
     * @param select     picks the ids to re-queue from the failed messages matched
     * @param reason     the operator's reason, kept with each message ({@code requeue_reason})
     * @param now        epoch milliseconds
     * @return what was matched and how many were re-queued
     */
    public Requeued requeueFailed(String conditions, Map<String, Object> params, List<String> ids,
                                  Function<List<Failed>, List<String>> select, String reason, long now) {
        return store.write(h -> {
            Query query = h.createQuery(FAILED.formatted(conditions)).bindMap(params);
            if (ids != null) {
                query.bindList("ids", ids);
            }
            // read whole before the update: an open result set would block the write on SQLite
            List<Failed> failed = query.map((row, context) -> new Failed(row.getString("message_id"),
                    row.getObject("redacted_at") != null, row.getString("last_error"),
                    row.getInt("answer_lost") != 0)).list();
            List<String> chosen = select.apply(failed);
            int requeued = 0;
            for (int from = 0; from < chosen.size(); from += REQUEUE_CHUNK) {
                requeued += h.createUpdate(REQUEUE).bind("now", now).bind("reason", reason)
                        .bindList("ids", chosen.subList(from, Math.min(chosen.size(), from + REQUEUE_CHUNK)))
                        .execute();
            }
            return new Requeued(failed, requeued);
        });
    }

    /** All messages stored. */
    public long count() {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM sms_message").mapTo(Long.class).one());
    }

    /**
     * Messages by status label, for the metrics.
     *
     * @return label -> count, every status present
     */
    public Map<String, Long> countByLabel() {
        Map<String, Long> byLabel = new java.util.TreeMap<>();
        countByStatus().forEach((status, n) -> byLabel.put(status.label(), n));
        return byLabel;
    }

    // read per metrics scrape: on SQLite each part from the partial index holding exactly its rows (Migrations),
    // not the table (a GROUP BY over the table read every row of it, every scrape); PostgreSQL's planner still
    // scans the table for the settled part (most rows), as before. REDACT, FAILED and this are package-private
    // for MessageQueryPlansTest
    static final String COUNT_BY_STATUS = """
            SELECT 'queued' AS status, COUNT(*) AS n FROM sms_message WHERE status = 'queued'
            UNION ALL
            SELECT 'sending' AS status, COUNT(*) AS n FROM sms_message WHERE status = 'sending'
            UNION ALL
            SELECT status, COUNT(*) AS n FROM sms_message WHERE status NOT IN ('queued', 'sending')
             GROUP BY status""";

    /** How many messages are in each status (statuses without any are left out). */
    public Map<SmsStatus, Long> countByStatus() {
        return store.read(h -> h.createQuery(COUNT_BY_STATUS)
                .reduceRows(new EnumMap<>(SmsStatus.class), (counts, row) -> {
                    long n = row.getColumn("n", Long.class);
                    if (n > 0) {
                        counts.put(SmsStatus.of(row.getColumn("status", String.class)), n);
                    }
                    return counts;
                }));
    }

    // the message's own parameters; its id, user, key and time are bound from the record
    private static NamedStatement bindMessage(NamedStatement statement, SmsDraft draft) {
        return statement.bind("recipient", draft.recipient())
                .bind("sender", draft.sender())
                .bind("text", draft.text())
                .bind("encoding", draft.measure().encoding().label())
                .bind("segments", draft.measure().segments())
                .bind("customerId", draft.customerId())
                .bind("scenarioId", draft.scenarioId())
                .bind("actionId", draft.actionId())
                .bind("reference", draft.reference())
                .bind("status", SmsStatus.QUEUED.label());
    }
}
