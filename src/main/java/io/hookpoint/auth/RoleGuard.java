package io.hookpoint.auth;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.web.Answers;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * After {@link BasicAuthentication}: lets on only users of one role; valid credentials of the other role get
 * {@code 403} (3003), so a sender (Bloomreach) cannot reach the admin API and an admin cannot send SMS.
 */
public final class RoleGuard implements Handler {
    private final Role role;
    private final Answers answers;

    /**
     * Creates the guard.
     *
     * @param role    the role the guarded paths need
     * @param answers sends the 403 answer
     */
    public RoleGuard(Role role, Answers answers) {
        this.role = role;
        this.answers = answers;
    }

    /**
     * Guards {@code /api} (senders) and {@code /admin} (admins), each after the credentials are checked.
     *
     * @param routing        the routing
     * @param authentication checks the credentials
     * @param answers        sends the 403 answers
     */
    public static void register(HttpRouting.Builder routing, Handler authentication, Answers answers) {
        RoleGuard senders = new RoleGuard(Role.SENDER, answers);
        RoleGuard admins = new RoleGuard(Role.ADMIN, answers);
        routing.any("/api", authentication, senders).any("/api/*", authentication, senders)
                .any("/admin", authentication, admins).any("/admin/*", authentication, admins);
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        if (AuthenticatedUser.of(request).role() != role) {
            answers.sendError(response, ErrorCode.FORBIDDEN);
            return;
        }
        response.next();
    }
}
