package io.hookpoint.sms;

/**
 * Where accepted messages go for delivery, as acceptance sees it: it is told when messages were
 * committed, and may wait (briefly) for a message's first delivery attempt.
 */
public interface Outbox {

    /** New messages were committed and are due. */
    void messagesAccepted();

    /**
     * Waits up to the configured time for the first delivery attempt of a message.
     *
     * @param messageId the message
     * @return its status afterwards ({@code SENT}, {@code FAILED}) or {@code QUEUED}
     */
    SmsStatus awaitFirstAttempt(String messageId);

    /** Whether answers should wait for the first attempt at all. */
    boolean waitsForFirstAttempt();
}
