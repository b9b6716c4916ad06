package io.hookpoint.web;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a request with two {@code Content-Length} headers, or one and {@code Transfer-Encoding}, with
 * 400 before anything reads its body: such framing is ambiguous (request smuggling).
 */
public final class AmbiguousFraming implements Filter {
    private final Answers answers;

    /**
     * Creates the filter.
     *
     * @param answers sends the 400
     */
    public AmbiguousFraming(Answers answers) {
        this.answers = answers;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (request.headers().contains(HeaderNames.CONTENT_LENGTH)
                && (request.headers().get(HeaderNames.CONTENT_LENGTH).allValues().size() > 1
                    || request.headers().contains(HeaderNames.TRANSFER_ENCODING))) {
            response.header(HeaderNames.CONNECTION, "close");
            answers.sendError(response, new Problem(ErrorCode.MALFORMED_REQUEST,
                    "Conflicting Content-Length or Transfer-Encoding headers."));
            return;
        }
        chain.proceed();
    }
}
