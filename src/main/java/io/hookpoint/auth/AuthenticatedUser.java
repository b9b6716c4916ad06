package io.hookpoint.auth;

import io.helidon.webserver.http.ServerRequest;

/**
 * The user whose Basic credentials the request carried, registered in the request's context once
 * they are verified. Idempotency keys and messages belong to this user.
 *
 * @param login the user's login
 * @param role  what the user may do
 */
public record AuthenticatedUser(String login, Role role) {

    /**
     * A sender.
     *
     * @param login the user's login
     */
    public AuthenticatedUser(String login) {
        this(login, Role.SENDER);
    }

    /**
     * The user of a request that passed {@link BasicAuthentication}.
     *
     * @param request the request
     * @return the user
     * @throws IllegalStateException when the request did not pass authentication (a routing mistake)
     */
    public static AuthenticatedUser of(ServerRequest request) {
        return request.context().get(AuthenticatedUser.class, AuthenticatedUser.class)
                .orElseThrow(() -> new IllegalStateException("Route reached without authentication"));
    }
}
