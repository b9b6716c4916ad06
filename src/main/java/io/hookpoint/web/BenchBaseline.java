package io.hookpoint.web;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;

/**
 * {@code POST /bench/baseline}: the same server and TLS listener answering a constant, without
 * authentication or store, for {@code make bench} to compare against ({@code hookpoint.bench}; never in
 * production).
 */
public final class BenchBaseline {
    private static final byte[] CONSTANT = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

    private BenchBaseline() {
    }

    /**
     * Adds the route.
     *
     * @param routing the routing
     */
    public static void register(HttpRouting.Builder routing) {
        routing.route(Method.POST, "/bench/baseline", (request, response) -> {
            request.content().consume();
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(CONSTANT);
        });
    }
}
