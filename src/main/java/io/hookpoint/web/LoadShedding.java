package io.hookpoint.web;

import java.util.concurrent.atomic.AtomicInteger;

import io.hookpoint.policy.ErrorCode;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses an API request or a provider's callback at once with 503 + {@code Retry-After} when too many
 * are in flight (Bloomreach and the providers retry, instead of waiting in a queue that grows without
 * bound: a burst of delivery reports cannot starve the webhook).
 */
public final class LoadShedding implements Filter {
    private static final String API = "/api/";
    private static final String CALLBACKS = "/callbacks/";

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Answers answers;
    private final Runnable onShed;

    /**
     * Creates the filter.
     *
     * @param limit   the most API requests in flight at once
     * @param answers sends the 503
     * @param onShed  told of each request refused for the limit (a metric)
     */
    public LoadShedding(int limit, Answers answers, Runnable onShed) {
        this.limit = limit;
        this.answers = answers;
        this.onShed = onShed;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!path.startsWith(API) && !path.startsWith(CALLBACKS)) {
            chain.proceed();
            return;
        }
        try {
            if (inFlight.incrementAndGet() > limit) {
                onShed.run();
                answers.sendError(response, ErrorCode.OVERLOADED);
                return;
            }
            chain.proceed();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** API requests being handled now. */
    public int inFlight() {
        return inFlight.get();
    }
}
