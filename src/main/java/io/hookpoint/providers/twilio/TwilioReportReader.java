package io.hookpoint.providers.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.DeliveryReport;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader;
import io.hookpoint.sms.SmsStatus;

/**
 * Twilio's status callbacks: a form POST with {@code MessageSid}, {@code MessageStatus}, {@code ErrorCode},
 * authenticated by {@code X-Twilio-Signature} = Base64(HMAC-SHA1(auth token, the public URL with its query
 * + every POST parameter's name and value, sorted by name)), compared in constant time. Our message id is
 * the {@code message_id} of the URL we gave Twilio (signed with it). {@code sent}, {@code delivered},
 * {@code undelivered}, {@code failed} (and {@code read}, as delivered) are applied; earlier statuses are
 * read and ignored. Without an auth token every callback is refused.
 */
public final class TwilioReportReader implements ReportReader {
    private static final Map<String, SmsStatus> STATUSES = Map.of(
            "sent", SmsStatus.SENT, "delivered", SmsStatus.DELIVERED, "read", SmsStatus.DELIVERED,
            "undelivered", SmsStatus.UNDELIVERED, "failed", SmsStatus.FAILED);

    private final Optional<byte[]> authToken;

    /**
     * Creates the reader.
     *
     * @param authToken {@code HOOKPOINT_TWILIO_AUTH_TOKEN}, or empty to refuse every callback
     */
    public TwilioReportReader(Optional<String> authToken) {
        this.authToken = authToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String provider() {
        return TwilioAnswers.PROVIDER;
    }

    @Override
    public List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected {
        FormParams params;
        try {
            params = FormParams.parse(new String(request.body(), StandardCharsets.UTF_8));
        } catch (CallbackRejected e) {
            // a body that is no form cannot carry a valid signature: authentication comes first
            throw new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
        }
        authenticate(request, params);
        if (request.contentType().isPresent()
                && !request.contentType().get().equals("application/x-www-form-urlencoded")) {
            throw new CallbackRejected(Refusal.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/x-www-form-urlencoded.");
        }
        String sid = params.single("MessageSid");
        String status = params.single("MessageStatus");
        if (sid == null || status == null) {
            throw new CallbackRejected(Refusal.UNREADABLE, "MessageSid and MessageStatus are required.");
        }
        SmsStatus ours = STATUSES.get(status);
        if (ours == null) {
            return List.of();   // queued, accepted, sending, scheduled, ...: nothing we track
        }
        // our id, from the StatusCallback URL's query (covered by the signature)
        String messageId = FormParams.query(request.publicUrl()).single("message_id");
        try {
            return List.of(new DeliveryReport(provider(), messageId, sid, ours, status, params.single("ErrorCode"),
                    params.single("ErrorMessage"), null, null, null, null));
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(Refusal.UNREADABLE, e.getMessage() + ".");
        }
    }

    private void authenticate(CallbackRequest request, FormParams params) throws CallbackRejected {
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
