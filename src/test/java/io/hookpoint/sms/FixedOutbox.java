package io.hookpoint.sms;

/**
 * An outbox for tests of acceptance alone: nothing is delivered; the first attempt of every message ends
 * {@code firstAttempt}, and answers wait for it when {@code waits}.
 *
 * @param firstAttempt the status every first attempt ends in
 * @param waits        whether answers wait for the first attempt
 */
record FixedOutbox(SmsStatus firstAttempt, boolean waits) implements Outbox {
    @Override
    public void messagesAccepted() {
    }

    @Override
    public SmsStatus awaitFirstAttempt(String messageId) {
        return firstAttempt;
    }

    @Override
    public boolean waitsForFirstAttempt() {
        return waits;
    }
}
