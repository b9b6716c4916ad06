package io.hookpoint.observe;

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
     * The contract's operation id of a request, the {@code operation} label. The one place to switch to
     * the operation table derived from the contract ({@code web/Operations}) once it exists.
     *
     * @param method the method
     * @param path   the path
     * @return the operation id, or {@code other}
     */
    static String operation(Method method, String path) {
        if (path.equals("/api/v1/sms") && method == Method.POST) {
            return "sendSms";
        }
        if (path.equals("/api/v1/sms/batch") && method == Method.POST) {
            return "sendSmsBatch";
        }
        if (path.startsWith("/api/v1/sms/") && method == Method.GET) {
            return "getSms";
        }
        if (path.equals("/api/v1/auth/check")) {
            return method == Method.POST ? "checkAuthPost" : "checkAuth";
        }
        return "other";
    }
}
