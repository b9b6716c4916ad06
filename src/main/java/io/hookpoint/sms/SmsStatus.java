package io.hookpoint.sms;

import io.hookpoint.api.model.MessageStatus;

/**
 * Where a message is on its way to the recipient; stored by {@link #label()} in {@code sms_message.status},
 * and shown to callers as the contract's {@link MessageStatus}. Statuses are ordered by {@link #rank()}
 * (queued &lt; sending &lt; sent &lt; delivered, undelivered, failed) and never move backwards, except that
 * the dispatcher puts a message it holds ({@code sending}) back to {@code queued} for another attempt;
 * the three of the highest rank are final.
 */
public enum SmsStatus {
    /** Accepted and waiting for delivery (or for its next attempt). */
    QUEUED("queued", MessageStatus.QUEUED, 0),
    /** A dispatcher holds it, under a lease. */
    SENDING("sending", MessageStatus.SENDING, 1),
    /** The provider took it. */
    SENT("sent", MessageStatus.SENT, 2),
    /** The provider reported it delivered to the phone. */
    DELIVERED("delivered", MessageStatus.DELIVERED, 3),
    /** The provider reported that it could not be delivered (expired, rejected by the network, ...). */
    UNDELIVERED("undelivered", MessageStatus.UNDELIVERED, 3),
    /** The provider refused it, it ran out of attempts, or the provider reported it failed. */
    FAILED("failed", MessageStatus.FAILED, 3);

    private final String label;
    private final MessageStatus api;
    private final int rank;

    SmsStatus(String label, MessageStatus api, int rank) {
        this.label = label;
        this.api = api;
        this.rank = rank;
    }

    /** Its place in the order a message moves through: a status moves only to a higher rank. */
    public int rank() {
        return rank;
    }

    /** Whether nothing can change it any more (delivered, undelivered, failed). */
    public boolean isFinal() {
        return rank == FINAL_RANK;
    }

    /** The rank of the final statuses. */
    public static final int FINAL_RANK = 3;

    /**
     * The rank of the stored status in a column, as an SQL expression (for conditional updates that only
     * move a status forwards).
     *
     * @param column the column holding a stored status
     * @return {@code CASE column WHEN 'queued' THEN 0 ... END}
     */
    public static String rankSql(String column) {
        StringBuilder sql = new StringBuilder("CASE ").append(column);
        for (SmsStatus status : values()) {
            sql.append(" WHEN '").append(status.label).append("' THEN ").append(status.rank);
        }
        return sql.append(" END").toString();
    }

    /** The stored value. */
    public String label() {
        return label;
    }

    /** The contract's value. */
    public MessageStatus api() {
        return api;
    }

    /**
     * The status of a stored value.
     *
     * @param label the stored value
     * @return its status
     * @throws IllegalArgumentException for a value that is none
     */
    public static SmsStatus of(String label) {
        for (SmsStatus status : values()) {
            if (status.label.equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown message status '" + label + "'");
    }
}
