package io.hookpoint.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.idempotency.IdempotencyLog;
import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.store.NamedSql;
import io.hookpoint.store.NamedStatement;
import io.hookpoint.store.Store;

import org.jdbi.v3.core.Handle;

/**
 * The messages table ({@code sms_message}) as the webhook sees it: accepting a message together with its
 * key's record, and looking messages up. Owns the table's one row mapping ({@link #row}), which the
 * delivery side reads its claims with too.
 */
public final class MessageRepository {
    /** The columns {@link #row} reads, for SELECT and RETURNING lists. */
    public static final String COLUMNS = """
            message_id, user_login, idempotency_key, recipient, sender, text, encoding, segments,
            customer_id, scenario_id, action_id, reference, status, created_at, updated_at,
            attempts, last_error, sent_at, provider, provider_message_id, provider_status, provider_error_code,
            provider_error, segments_billed, price, price_currency, delivered_at, failed_at, redacted_at""";
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
    private static final String FIND = "SELECT " + COLUMNS
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
     * A user's message.
     *
     * @param messageId the message
     * @param userLogin the user who sent it (another user's message is not found)
     * @return the message, or empty
     */
    public Optional<StoredSms> find(String messageId, String userLogin) {
        return store.read(h -> h.createQuery(FIND).bind("messageId", messageId).bind("userLogin", userLogin)
                .map((row, context) -> row(row)).findFirst());
    }

    // the content of messages past their retention, a batch at a time, oldest first; a message still on its
    // way (queued, sending) keeps it, since it must still be sent. What reports need stays: ids, status,
    // provider ids and status, times, parts and price.
    private static final String REDACT = """
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

    /** How many messages are in each status (statuses without any are left out). */
    public Map<SmsStatus, Long> countByStatus() {
        return store.read(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM sms_message GROUP BY status")
                .reduceRows(new EnumMap<>(SmsStatus.class), (counts, row) -> {
                    counts.put(SmsStatus.of(row.getColumn("status", String.class)), row.getColumn("n", Long.class));
                    return counts;
                }));
    }

    /**
     * Reads a row whose columns are {@link #COLUMNS}: the one mapping of the table.
     *
     * @param row the result, on a row
     * @return the message
     * @throws SQLException when a column cannot be read
     */
    public static StoredSms row(ResultSet row) throws SQLException {
        Long sentAt = nullableLong(row, "sent_at");
        return new StoredSms(row.getString("message_id"), row.getString("user_login"),
                row.getString("idempotency_key"), row.getString("recipient"), row.getString("sender"),
                row.getString("text"), row.getString("encoding"), row.getInt("segments"),
                row.getString("customer_id"), row.getString("scenario_id"), row.getString("action_id"),
                row.getString("reference"), SmsStatus.of(row.getString("status")), row.getLong("created_at"),
                row.getLong("updated_at"), row.getInt("attempts"), row.getString("last_error"), sentAt,
                new ProviderTracking(row.getString("provider"), row.getString("provider_message_id"),
                        row.getString("provider_status"), row.getString("provider_error_code"),
                        row.getString("provider_error"), nullableInt(row, "segments_billed"), row.getString("price"),
                        row.getString("price_currency"), nullableLong(row, "delivered_at"),
                        nullableLong(row, "failed_at")), nullableLong(row, "redacted_at"));
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
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
