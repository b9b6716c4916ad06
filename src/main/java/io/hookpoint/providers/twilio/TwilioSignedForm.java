package io.hookpoint.providers.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

/**
 * A form POST signed by Twilio, as its status callbacks and incoming-message webhooks are:
 * {@code X-Twilio-Signature} = Base64(HMAC-SHA1(auth token, the public URL with its query + every POST
 * parameter's name and value, sorted by name)), compared in constant time. Without an auth token every
 * call is refused.
 */
final class TwilioSignedForm {
    private TwilioSignedForm() {
    }

    /**
     * Authenticates a call, then reads its form.
     *
     * @param request   the call
     * @param authToken {@code HOOKPOINT_TWILIO_AUTH_TOKEN}, or empty
     * @return the form's parameters
     * @throws CallbackRejected unauthenticated first, then for another content type than a form
     */
    static FormParams read(CallbackRequest request, Optional<byte[]> authToken) throws CallbackRejected {
        FormParams params;
        try {
            params = FormParams.parse(new String(request.body(), StandardCharsets.UTF_8));
        } catch (CallbackRejected e) {
            // a body that is no form cannot carry a valid signature: authentication comes first
            throw new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
        }
        authenticate(request, params, authToken);
        if (request.contentType().isPresent()
                && !request.contentType().get().equals("application/x-www-form-urlencoded")) {
            throw new CallbackRejected(Refusal.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/x-www-form-urlencoded.");
        }
        return params;
    }

    private static void authenticate(CallbackRequest request, FormParams params, Optional<byte[]> authToken)
            throws CallbackRejected {
        List<String> given = request.header("x-twilio-signature");
        if (authToken.isEmpty() || given.size() != 1) {
            throw new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
        }
        byte[] expected = signature(authToken.get(), request.publicUrl().toString(), params.pairs())
                .getBytes(StandardCharsets.US_ASCII);
        // constant time: the comparison does not reveal how much of a forgery was right
        if (!MessageDigest.isEqual(expected, given.get(0).strip().getBytes(StandardCharsets.US_ASCII))) {
            throw new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
        }
    }

    /**
     * Twilio's signature of a POST.
     *
     * @param key    the auth token
     * @param url    the full URL Twilio called, query included
     * @param params the decoded POST parameters
     * @return Base64(HMAC-SHA1(key, url + sorted name+value pairs))
     */
    static String signature(byte[] key, String url, List<String[]> params) {
        StringBuilder data = new StringBuilder(url);
        params.stream().sorted(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]))
                .forEach(p -> data.append(p[0]).append(p[1]));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
