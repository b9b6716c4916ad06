package io.hookpoint.web;

import java.util.List;
import java.util.stream.Collectors;

import io.hookpoint.policy.ErrorCode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.HttpRouting;

/**
 * Deliberate answers for requests no operation takes: 405 with {@code Allow} for a declared path called
 * with another method, 404 for anything else. Both carry the policy's JSON body.
 */
public final class FallbackRoutes {
    private FallbackRoutes() {
    }

    /**
     * Answers 405 on a declared path for methods it does not have; register after the path's routes.
     *
     * @param routing the routing
     * @param answers sends the answer
     * @param path    the declared path (a route pattern)
     * @param allowed the methods the path has
     */
    public static void methodNotAllowed(HttpRouting.Builder routing, Answers answers, String path,
                                        List<Method> allowed) {
        String allow = allowed.stream().map(Method::text).collect(Collectors.joining(", "));
        routing.route(method -> !allowed.contains(method), PathMatchers.create(path), (request, response) -> {
            response.header(HeaderNames.ALLOW, allow);
            answers.sendError(response, ErrorCode.METHOD_NOT_ALLOWED);
        });
    }

    /**
     * Answers 404 to everything; register last.
     *
     * @param routing the routing
     * @param answers sends the answer
     */
    public static void notFound(HttpRouting.Builder routing, Answers answers) {
        routing.any((request, response) -> answers.sendError(response, ErrorCode.NOT_FOUND));
    }
}
