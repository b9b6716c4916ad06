package io.hookpoint.observe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.web.Answers;
import io.hookpoint.web.Ids;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The first thing every request meets: it gets a request id (the caller's {@code X-Request-Id} when
 * usable, else a new one) that is echoed in the answer and written in every log line of the request;
 * it is refused at once with 503 + {@code Retry-After} when too many requests of the API are in flight
 * (Bloomreach retries, instead of waiting in a queue that grows without bound); and it is counted.
 */
public final class RequestGate implements Filter {
    /** The request id header. */
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String API = "/api/";

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Answers answers;
    private final ServiceMetrics metrics;

    /**
     * Creates the gate.
     *
     * @param limit   the most API requests in flight at once
     * @param answers sends the 503
     * @param metrics counts requests
     */
    public RequestGate(int limit, Answers answers, ServiceMetrics metrics) {
        this.limit = limit;
        this.answers = answers;
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        String id = request.headers().first(REQUEST_ID).filter(v -> USABLE_ID.matcher(v).matches())
                .orElseGet(Ids::random);
        response.header(REQUEST_ID, id);
        HelidonMdc.set("requestId", id);
        String path = request.path().path();
        boolean api = path.startsWith(API);
        try {
            // two lengths, or a length and chunking: the framing is ambiguous (request smuggling)
            if (request.headers().contains(HeaderNames.CONTENT_LENGTH)
                    && (request.headers().get(HeaderNames.CONTENT_LENGTH).allValues().size() > 1
                        || request.headers().contains(HeaderNames.TRANSFER_ENCODING))) {
                response.header(HeaderNames.CONNECTION, "close");
                answers.sendError(response, new Problem(ErrorCode.MALFORMED_REQUEST,
                        "Conflicting Content-Length or Transfer-Encoding headers."));
                return;
            }
            if (api && inFlight.incrementAndGet() > limit) {
                metrics.shed();
                answers.sendError(response, ErrorCode.OVERLOADED);
                return;
            }
            chain.proceed();
        } finally {
            if (api) {
                inFlight.decrementAndGet();
            }
            int status = response.status().code();
            metrics.request(operation(request.prologue().method(), path), status, System.nanoTime() - started);
            if (response.headers().contains(HeaderNames.create("Idempotent-Replayed"))) {
                metrics.replay();
            }
            if (status == 422) {
                metrics.keyReused();
            }
            HelidonMdc.remove("requestId");
        }
    }

    /** API requests being handled now. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The contract's operation id of a request, for metrics.
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
