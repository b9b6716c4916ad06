package io.hookpoint.policy;

/** What Bloomreach Engagement does with an answer of the endpoint. */
public enum BloomreachReaction {
    /** The request counts as delivered; the body's {@code success} tells the endpoint's verdict. */
    DELIVERED,
    /** Failed for this customer only; counts as an unrecoverable error. */
    FAILED,
    /** Failed, and the webhook sends no further request, for all chunks. */
    STOP,
    /** Sent again later, following the retry schedule. */
    RETRY
}
