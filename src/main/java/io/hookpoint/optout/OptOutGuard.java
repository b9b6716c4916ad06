package io.hookpoint.optout;

/**
 * What acceptance and delivery ask about opt-outs: whether a number is suppressed (in memory, on the hot
 * path), and what a provider's own "recipient unsubscribed" answer does to the number.
 */
public interface OptOutGuard {
    /** No suppression list: nothing is ever suppressed. */
    OptOutGuard NONE = new OptOutGuard() {
        @Override
        public boolean suppressed(String number) {
            return false;
        }

        @Override
        public void unsubscribed(String number, String provider) {
        }
    };

    /** Counts a request refused at acceptance because its recipient opted out (a metric). */
    default void refusedAtAcceptance() {
    }

    /** Counts an accepted message the dispatcher did not send because its recipient opted out (a metric). */
    default void withheldAtDelivery() {
    }

    /**
     * Whether a number is on the suppression list; costs a hash lookup.
     *
     * @param number E.164
     * @return true when messages to it must not be sent
     */
    boolean suppressed(String number);

    /**
     * A provider refused a message because the recipient unsubscribed there: the number is suppressed here too.
     *
     * @param number   E.164
     * @param provider the provider's name
     */
    void unsubscribed(String number, String provider);

    /**
     * A provider's delivery report says the recipient unsubscribed there: the number is suppressed here too.
     * Unlike {@link #unsubscribed} a failure is thrown, so the report is answered 5xx and the provider sends
     * it again (nothing else would bring the news back).
     *
     * @param number   E.164
     * @param provider the provider's name
     */
    default void unsubscribedInReport(String number, String provider) {
        unsubscribed(number, provider);
    }
}
