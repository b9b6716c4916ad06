package io.hookpoint.web;

import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when usable, else a new one) that is
 * echoed in the answer and written in every log line of the request.
 */
public final class RequestIds implements Filter {
    /** The request id header. */
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    // what may safely go into a log line and a header as it came
    private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String id = request.headers().first(REQUEST_ID).filter(v -> USABLE_ID.matcher(v).matches())
                .orElseGet(Ids::random);
        response.header(REQUEST_ID, id);
        HelidonMdc.set("requestId", id);
        try {
            chain.proceed();
        } finally {
            HelidonMdc.remove("requestId");
        }
    }
}
