package io.hookpoint.policy;

/**
 * A situation the endpoint ends up in while handling a request: one row of the server-side decision
 * table in {@code docs/status-policy.md}, with the status it is answered with and what Bloomreach is
 * meant to do about it.
 */
public enum Outcome {
    /** A new message was accepted and committed. */
    ACCEPTED(200, true, BloomreachReaction.DELIVERED),
    /** This customer's data cannot be sent; the verdict is in the body ({@code success:false}). */
    CUSTOMER_DATA_INVALID(200, true, BloomreachReaction.DELIVERED),
    /** The idempotency key was used before with a different payload. */
    IDEMPOTENCY_KEY_REUSED(422, false, BloomreachReaction.FAILED),
    /** The request is wrong for every customer: a broken webhook definition. */
    DEFINITION_BROKEN(400, false, BloomreachReaction.STOP),
    /** No or wrong credentials. */
    UNAUTHENTICATED(401, false, BloomreachReaction.FAILED),
    /** Valid credentials of a role that may not use the operation (an admin's on /api, a sender's on /admin). */
    FORBIDDEN(403, false, BloomreachReaction.FAILED),
    /** Too many failed authentications from this client address; try again later. */
    THROTTLED(429, false, BloomreachReaction.RETRY),
    /** No such path, or no such resource behind a declared path. */
    NOT_FOUND(404, false, BloomreachReaction.STOP),
    /** A declared path called with a method it does not have. */
    METHOD_NOT_ALLOWED(405, false, BloomreachReaction.FAILED),
    /** The body is larger than the configured limit. */
    BODY_TOO_LARGE(413, false, BloomreachReaction.STOP),
    /** The body is not declared as JSON. */
    UNSUPPORTED_MEDIA_TYPE(415, false, BloomreachReaction.FAILED),
    /** Too many requests in flight. */
    OVERLOADED(503, false, BloomreachReaction.RETRY),
    /**
     * The store cannot take the write now (locked, full, read-only, closed). A concurrent duplicate
     * waits for the first request's commit and gets its answer; only a wait longer than the store's
     * timeout ends here.
     */
    STORE_UNAVAILABLE(503, false, BloomreachReaction.RETRY),
    /** Anything nobody planned for. */
    UNEXPECTED_ERROR(500, false, BloomreachReaction.RETRY);

    private final int status;
    private final boolean stored;
    private final BloomreachReaction intendedReaction;

    Outcome(int status, boolean stored, BloomreachReaction intendedReaction) {
        this.status = status;
        this.stored = stored;
        this.intendedReaction = intendedReaction;
    }

    /** The HTTP status this outcome is answered with. */
    public int status() {
        return status;
    }

    /**
     * Whether the answer is kept in the idempotency log and replayed for the same key.
     * 5xx answers never are, so that Bloomreach's retry is processed afresh.
     */
    public boolean stored() {
        return stored;
    }

    /** What we want Bloomreach to do; {@link BloomreachSender#react(int)} must agree. */
    public BloomreachReaction intendedReaction() {
        return intendedReaction;
    }

    /** Whether the answer carries {@code Retry-After}. */
    public boolean retryAfter() {
        return status == 503 || status == 429;
    }
}
