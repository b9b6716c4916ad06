package io.hookpoint.auth;

import java.util.Map;

import io.hookpoint.api.model.AuthCheckResponse;
import io.hookpoint.api.model.AuthCheckResponseResult;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;
import io.hookpoint.web.RequestBodies;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Bloomreach's "test credentials" call ({@code /api/v1/auth/check}): reaching it means the
 * credentials passed {@link BasicAuthentication}, so it answers 200; a body, even an empty one, is
 * read and ignored.
 */
public final class AuthCheckEndpoint {
    private static final byte[] OK = JsonBodies.write(okBody());

    private final RequestBodies bodies;
    private final Answers answers;

    /**
     * Creates the endpoint.
     *
     * @param bodies  reads (and discards) bodies within the size limit
     * @param answers sends answers
     */
    public AuthCheckEndpoint(RequestBodies bodies, Answers answers) {
        this.bodies = bodies;
        this.answers = answers;
    }

    /**
     * The handlers, by the contract's operation id (routed by {@link io.hookpoint.web.Operations}).
     *
     * @return {@code checkAuth} and {@code checkAuthPost}
     */
    public Map<String, Handler> handlers() {
        return Map.of("checkAuth", this::checkAuth, "checkAuthPost", this::checkAuthPost);
    }

    private void checkAuth(ServerRequest request, ServerResponse response) {
        answers.send(response, 200, OK);
    }

    private void checkAuthPost(ServerRequest request, ServerResponse response) {
        if (bodies.declaredTooLarge(request)) {
            bodies.discard(request);
            answers.sendError(response, bodies.tooLarge());
            return;
        }
        bodies.read(request);
        answers.send(response, 200, OK);
    }

    private static AuthCheckResponse okBody() {
        AuthCheckResponseResult result = new AuthCheckResponseResult();
        result.setCode(1);
        result.setStatus(AuthCheckResponseResult.StatusEnum.AUTHENTICATED);
        result.setMessage("Credentials are valid.");
        AuthCheckResponse body = new AuthCheckResponse();
        body.setSuccess(true);
        body.setResult(result);
        return body;
    }
}
