package io.hookpoint.sms;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A stored SMS message and its delivery status.
 *
 * @param messageId      the id given in the answer
 * @param userLogin      the user who sent it
 * @param idempotencyKey the key it was accepted under
 * @param recipient      E.164 phone number
 * @param sender         sender id, or null
 * @param text           the text
 * @param encoding       {@code GSM-7} or {@code UCS-2}
 * @param segments       SMS parts the text needs
 * @param customerId     Bloomreach customer id, or null
 * @param scenarioId     Bloomreach scenario id, or null
 * @param actionId       Bloomreach action id, or null
 * @param reference      the caller's reference, or null
 * @param status         {@code queued}, {@code sending}, {@code sent} or {@code failed}
 * @param createdAt      epoch milliseconds
 * @param updatedAt      epoch milliseconds
 * @param attempts       delivery attempts so far
 * @param lastError      why the last attempt failed, or null
 * @param sentAt         when the provider took it, epoch milliseconds, or null
 */
public record StoredSms(String messageId,
                         String userLogin,
                         String idempotencyKey,
                         String recipient,
                         String sender,
                         String text,
                         String encoding,
                         int segments,
                         String customerId,
                         String scenarioId,
                         String actionId,
                         String reference,
                         String status,
                         long createdAt,
                         long updatedAt,
                         int attempts,
                         String lastError,
                         Long sentAt) {
    /** The status of a message accepted and waiting for delivery. */
    public static final String QUEUED = "queued";
    /** The status of a message a dispatcher holds (under a lease). */
    public static final String SENDING = "sending";
    /** The status of a message the provider took. */
    public static final String SENT = "sent";
    /** The status of a message the provider refused, or that ran out of attempts. */
    public static final String FAILED = "failed";

    /** The columns of the table, in the order of this record, for SELECT lists. */
    public static final String COLUMNS = """
            message_id, user_login, idempotency_key, recipient, sender, text, encoding, segments,
            customer_id, scenario_id, action_id, reference, status, created_at, updated_at,
            attempts, last_error, sent_at""";

    /**
     * Reads the current row of a result whose columns are {@link #COLUMNS}, for the statements the
     * store prepares itself (Jdbi maps the others).
     *
     * @param row the result, on a row
     * @return the message
     * @throws SQLException when a column cannot be read
     */
    public static StoredSms read(ResultSet row) throws SQLException {
        long sent = row.getLong(18);
        Long sentAt = row.wasNull() ? null : sent;
        return new StoredSms(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7), row.getInt(8), row.getString(9),
                row.getString(10), row.getString(11), row.getString(12), row.getString(13), row.getLong(14),
                row.getLong(15), row.getInt(16), row.getString(17), sentAt);
    }
}
