package io.hookpoint.observe;

import io.hookpoint.web.Operations;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Counts every answered request by operation and status, times it, and counts replays and reused keys.
 */
public final class RequestMetrics implements Filter {
    private static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");

    private final ServiceMetrics metrics;

    /**
     * Creates the filter.
     *
     * @param metrics where the counts go
     */
    public RequestMetrics(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        // before routing: a service sees its path relative to where it is registered
        String operation = operation(request.prologue().method(), request.path().path());
        try {
            chain.proceed();
        } finally {
            int status = response.status().code();
            metrics.request(operation, status, System.nanoTime() - started);
            if (response.headers().contains(REPLAYED)) {
                metrics.replay();
            }
            if (status == 422) {
                metrics.keyReused();
            }
        }
    }

    /**
     * The contract's operation id of a request, the {@code operation} label, from the table of operations
     * that also routes them: a path added to the contract is labelled without a change here.
     *
     * @param method the method
     * @param path   the path
     * @return the operation id, or {@code other} (404 and 405 answers, the observe and docs paths)
     */
    static String operation(Method method, String path) {
        return Operations.match(method, path).orElse("other");
    }
}
