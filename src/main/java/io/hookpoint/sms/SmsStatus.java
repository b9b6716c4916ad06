package io.hookpoint.sms;

import io.hookpoint.api.model.MessageStatus;

/**
 * Where a message is on its way to the recipient; stored by {@link #label()} in {@code sms_message.status},
 * and shown to callers as the contract's {@link MessageStatus}.
 */
public enum SmsStatus {
    /** Accepted and waiting for delivery (or for its next attempt). */
    QUEUED("queued", MessageStatus.QUEUED),
    /** A dispatcher holds it, under a lease. */
    SENDING("sending", MessageStatus.SENDING),
    /** The provider took it. */
    SENT("sent", MessageStatus.SENT),
    /** The provider refused it, or it ran out of attempts. */
    FAILED("failed", MessageStatus.FAILED);

    private final String label;
    private final MessageStatus api;

    SmsStatus(String label, MessageStatus api) {
        this.label = label;
        this.api = api;
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
