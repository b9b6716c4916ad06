package io.hookpoint.reports;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

/**
 * A shared secret for providers that do not sign their callbacks (Infobip, Sinch): Hookpoint puts it in
 * the callback URL it gives the provider ({@code ?token=...}), or the provider is configured to send it
 * as the password of Basic credentials; either is compared in constant time. Without a configured secret
 * every callback is refused.
 */
public final class CallbackSecret {
    /** The query parameter that carries the secret. */
    public static final String PARAMETER = "token";
    private static final String BASIC = "Basic ";

    private final Optional<byte[]> secret;
    private final Optional<String> plain;

    /**
     * Creates the check.
     *
     * @param secret the secret ({@code HOOKPOINT_<PROVIDER>_CALLBACK_TOKEN}), or empty to refuse every callback
     */
    public CallbackSecret(Optional<String> secret) {
        this.plain = secret.filter(s -> !s.isBlank());
        this.secret = plain.map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a secret is configured. */
    public boolean configured() {
        return secret.isPresent();
    }

    /**
     * The callback URL with the secret in its query (the rest of the query kept).
     *
     * @param url the callback URL, possibly with a query
     * @return the URL carrying {@code token}, or the URL itself without a secret
     */
    public URI appendTo(URI url) {
        if (plain.isEmpty()) {
            return url;
        }
        String separator = url.getRawQuery() == null ? "?" : "&";
        return URI.create(url + separator + PARAMETER + "=" + URLEncoder.encode(plain.get(), StandardCharsets.UTF_8));
    }

    /**
     * Checks a callback: the {@code token} of its URL, or the password of its Basic credentials (any user),
     * must be the secret.
     *
     * @param request the callback
     * @throws CallbackRejected (unauthenticated) otherwise
     */
    public void check(CallbackRequest request) throws CallbackRejected {
        if (secret.isEmpty()) {
            throw unauthenticated();
        }
        Optional<String> token = FormParams.query(request.publicUrl()).optional(PARAMETER);
        if (token.isPresent()) {
            // constant time: the comparison does not reveal how much of a guess was right
            if (!MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8), secret.get())) {
                throw unauthenticated();
            }
            return;
        }
        List<String> authorization = request.header("authorization");
        if (authorization.size() != 1 || !authorization.get(0).regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            throw unauthenticated();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.get(0).substring(BASIC.length()).strip());
        } catch (IllegalArgumentException e) {
            throw unauthenticated();
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        if (colon < 0 || !MessageDigest.isEqual(
                credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8), secret.get())) {
            throw unauthenticated();
        }
    }

    private static CallbackRejected unauthenticated() {
        return new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
    }
}
