package io.hookpoint.providers.twilio;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.DeliveryReport;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader;
import io.hookpoint.sms.SmsStatus;

/**
 * Twilio's status callbacks: a form POST with {@code MessageSid}, {@code MessageStatus}, {@code ErrorCode},
 * authenticated by {@code X-Twilio-Signature} ({@link TwilioSignedForm}). Our message id is
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
        FormParams params = TwilioSignedForm.read(request, authToken);
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
}
