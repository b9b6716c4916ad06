package io.hookpoint.web;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * Limits of request bodies and the pause asked of clients on 503.
 *
 * @param bodyLimit      largest request body in bytes
 * @param batchBodyLimit largest batch request body in bytes
 * @param retryAfter     the {@code Retry-After} of 503 answers
 */
public record WebSettings(int bodyLimit, int batchBodyLimit, Duration retryAfter) {

    /**
     * Reads the settings ({@code hookpoint.body}, {@code hookpoint.batch.body} and {@code hookpoint.retry}
     * in {@code application.yaml}).
     *
     * @param hookpoint the {@code hookpoint} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static WebSettings from(Config hookpoint) {
        WebSettings settings = new WebSettings(hookpoint.get("body.limit").asInt().get(),
                hookpoint.get("batch.body.limit").asInt().get(),
                hookpoint.get("retry.after").as(Duration.class).get());
        if (settings.bodyLimit < 1024) {
            throw new IllegalArgumentException("hookpoint.body.limit must be at least 1024 bytes, is "
                    + settings.bodyLimit);
        }
        if (settings.batchBodyLimit < settings.bodyLimit) {
            throw new IllegalArgumentException("hookpoint.batch.body.limit must be at least hookpoint.body.limit");
        }
        if (settings.retryAfter.isNegative()) {
            throw new IllegalArgumentException("hookpoint.retry.after must not be negative");
        }
        return settings;
    }

    /** The most bytes a listener must accept so that the endpoints can answer oversized bodies themselves. */
    public long largestDrainedBody() {
        return (long) Math.max(bodyLimit, batchBodyLimit) * RequestBodies.DRAIN_FACTOR;
    }

    /**
     * Checks that Helidon's limits in {@code server:} are backstops behind ours: they must not cut in first.
     *
     * @param server        the {@code server} node
     * @param inFlightLimit {@code hookpoint.inflight.limit}
     * @throws IllegalArgumentException when a limit of the listener is below ours
     */
    public void requireListenerBackstops(Config server, int inFlightLimit) {
        if (inFlightLimit < 1) {
            throw new IllegalArgumentException("hookpoint.inflight.limit must be at least 1, is " + inFlightLimit);
        }
        long maxPayload = server.get("max-payload-size").asLong().get();
        if (maxPayload >= 0 && maxPayload < largestDrainedBody()) {
            throw new IllegalArgumentException("server.max-payload-size (" + maxPayload + ") must be at least "
                    + largestDrainedBody() + ": 4 x the larger of hookpoint.body.limit and "
                    + "hookpoint.batch.body.limit (SERVER_MAX_dash_PAYLOAD_dash_SIZE)");
        }
        int maxConcurrent = server.get("max-concurrent-requests").asInt().get();
        if (maxConcurrent >= 0 && maxConcurrent <= inFlightLimit) {
            throw new IllegalArgumentException("server.max-concurrent-requests (" + maxConcurrent
                    + ") must exceed hookpoint.inflight.limit (" + inFlightLimit
                    + "): SERVER_MAX_dash_CONCURRENT_dash_REQUESTS");
        }
    }
}
