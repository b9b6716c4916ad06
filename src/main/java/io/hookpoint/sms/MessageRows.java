package io.hookpoint.sms;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a row of {@code sms_message} becomes a {@link StoredSms}: the whole row, read by name
 * ({@link #COLUMNS}, {@link #row}), and the delivery claim's part of it, read by position
 * ({@link #CLAIMED_COLUMNS}, {@link #claimed}). The SQL itself is {@link MessageRepository}'s and, for the
 * claim, {@code DeliveryQueue}'s.
 */
public final class MessageRows {
    private MessageRows() {
    }

    /** The columns {@link #row} reads, for SELECT and RETURNING lists. */
    public static final String COLUMNS = """
            message_id, user_login, idempotency_key, recipient, sender, text, encoding, segments,
            customer_id, scenario_id, action_id, reference, status, created_at, updated_at,
            attempts, last_error, sent_at, provider, provider_message_id, provider_status, provider_error_code,
            provider_error, segments_billed, price, price_currency, delivered_at, failed_at, redacted_at""";

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

    /**
     * The columns {@link #claimed} reads, in its order, for the delivery claim's RETURNING list: what an
     * attempt needs (the provider call, the expiry and opt-out checks, the retry count), nothing else.
     */
    public static final String CLAIMED_COLUMNS = """
            message_id, recipient, sender, text, encoding, segments, reference, status, created_at, updated_at,
            attempts, last_error, user_login, idempotency_key""";

    /**
     * Reads a claimed message, whose columns are {@link #CLAIMED_COLUMNS}, by position: the claim reads
     * hundreds of rows a second, and the 29 columns of {@link #row} looked up by name were a quarter of a
     * delivery's CPU. The parts an attempt does not use (customer, scenario, action, what the provider said
     * before) are left null, or {@link ProviderTracking#NONE}.
     *
     * @param row the result, on a row
     * @return the message as claimed
     * @throws SQLException when a column cannot be read
     */
    public static StoredSms claimed(ResultSet row) throws SQLException {
        return new StoredSms(row.getString(1), row.getString(13), row.getString(14), row.getString(2),
                row.getString(3), row.getString(4), row.getString(5), row.getInt(6), null, null, null,
                row.getString(7), SmsStatus.of(row.getString(8)), row.getLong(9), row.getLong(10), row.getInt(11),
                row.getString(12), null);
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
