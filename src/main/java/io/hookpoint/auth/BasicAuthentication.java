package io.hookpoint.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.web.Answers;
import io.hookpoint.web.Ids;

import io.helidon.http.HeaderNames;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityEnvironment;
import io.helidon.security.providers.httpauth.HttpBasicAuthProvider;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Guards {@code /api}: every request must carry valid HTTP Basic credentials, checked by Helidon's
 * {@link HttpBasicAuthProvider} against the {@link HashedUserStore}. A failure is answered 401 with
 * {@code WWW-Authenticate: Basic} and the policy's JSON body (Helidon's own security handler would
 * send an empty body); a success registers the {@link AuthenticatedUser} and passes the request on.
 */
public final class BasicAuthentication implements Handler {
    /** The realm named in the challenge. */
    public static final String REALM = "hookpoint";
    private static final String CHALLENGE = "Basic realm=\"" + REALM + "\"";

    private static final int MAX_REMEMBERED = 1_000;

    private final Security security;
    private final Answers answers;
    private final HashedUserStore users;
    private final FailedAuthThrottle throttle;
    // Authorization headers the provider accepted, as keyed digests -> login: a webhook sends the same
    // header on every request, and Helidon's security pipeline costs more than the rest of the request.
    // Each entry keeps the users' generation it was accepted under: after a reload it no longer counts
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    private record Accepted(String login, long generation) {
    }

    /**
     * Creates the guard.
     *
     * @param users   the users allowed in
     * @param answers sends the 401 answer
     */
    public BasicAuthentication(HashedUserStore users, FailedAuthThrottle throttle, Answers answers) {
        this.security = Security.builder()
                .addAuthenticationProvider(HttpBasicAuthProvider.builder()
                        .realm(REALM)
                        .userStore(users)
                        .build())
                .build();
        this.answers = answers;
        this.users = users;
        this.throttle = throttle;
    }

    /**
     * Checks one {@code Authorization} header value with Helidon's Basic provider.
     *
     * @param authorization the header value, as sent
     * @return the login when the credentials are valid
     */
    public Optional<String> authenticate(String authorization) {
        SecurityContext context = security.contextBuilder(Ids.random())
                .env(SecurityEnvironment.builder()
                        .path("/api")
                        .headers(Map.of("Authorization", List.of(authorization)))
                        .build())
                .build();
        AuthenticationResponse result = context.atnClientBuilder().submit();
        if (result.status() == AuthenticationResponse.SecurityStatus.SUCCESS && result.user().isPresent()) {
            return Optional.of(result.user().get().principal().getName());
        }
        return Optional.empty();
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        List<String> authorization = request.headers().values(HeaderNames.AUTHORIZATION);
        String digest = authorization.size() == 1 ? users.digest(authorization.getFirst()) : null;
        Accepted known = digest == null ? null : accepted.get(digest);
        // read before checking: credentials checked against users that are replaced meanwhile are not kept
        long generation = users.generation();
        if (known != null && known.generation() == generation) {
            request.context().register(AuthenticatedUser.class,
                    new AuthenticatedUser(known.login(), users.role(known.login())));
            response.next();
            return;
        }
        // credentials accepted before pass above (or, accepted under users since reloaded, are checked again
        // at once); anything else from a throttled address waits
        String address = request.remotePeer().host();
        long wait = known != null ? 0 : throttle.retryAfterSeconds(address);
        if (wait > 0) {
            response.header(HeaderNames.RETRY_AFTER, String.valueOf(wait));
            answers.sendError(response, ErrorCode.AUTHENTICATION_THROTTLED);
            return;
        }
        Optional<String> login = authorization.size() == 1 ? authenticate(authorization.getFirst()) : Optional.empty();
        if (login.isPresent()) {
            if (accepted.size() >= MAX_REMEMBERED) {
                accepted.clear();
            }
            accepted.put(digest, new Accepted(login.get(), generation));
            request.context().register(AuthenticatedUser.class, new AuthenticatedUser(login.get(), users.role(login.get())));
            response.next();
            return;
        }
        if (known != null) {
            // no longer valid (the user was removed or its password changed): throttled from now on like any other
            accepted.remove(digest);
        }
        if (!authorization.isEmpty()) {
            throttle.failed(address);
        }
        response.header(HeaderNames.WWW_AUTHENTICATE, CHALLENGE);
        answers.sendError(response, ErrorCode.AUTHENTICATION_REQUIRED);
    }

}
