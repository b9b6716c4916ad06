package io.hookpoint.policy;

import java.util.Set;

/**
 * The sender side of the status policy: how Bloomreach Engagement reads an answer (from its guide
 * "Creating API Endpoint for Webhooks"). Tests and the delivery simulator use it to check that every
 * answer of the server means what we intend.
 */
public final class BloomreachSender {
    /** Statuses that make Bloomreach stop the whole webhook, for all chunks. */
    public static final Set<Integer> STOPPING_STATUSES = Set.of(400, 404, 410, 412, 413, 418);

    private BloomreachSender() {
    }

    /**
     * The reaction to an HTTP status.
     *
     * @param status the status code of the answer
     * @return what Bloomreach does
     */
    public static BloomreachReaction react(int status) {
        if (status >= 200 && status < 300) {
            return BloomreachReaction.DELIVERED;
        }
        if (STOPPING_STATUSES.contains(status)) {
            return BloomreachReaction.STOP;
        }
        if (status == 429 || status >= 500) {
            return BloomreachReaction.RETRY;
        }
        // other 4xx, and anything outside the families above (1xx, 3xx), is a failure of this customer
        return BloomreachReaction.FAILED;
    }

    /**
     * The reaction to a request that got no answer: a timeout, a refused, reset or dropped connection.
     *
     * @return always {@link BloomreachReaction#RETRY}
     */
    public static BloomreachReaction reactToTransportFailure() {
        return BloomreachReaction.RETRY;
    }
}
