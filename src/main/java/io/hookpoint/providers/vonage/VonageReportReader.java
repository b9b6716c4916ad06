package io.hookpoint.providers.vonage;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.DeliveryReport;
import io.hookpoint.reports.ReportReader;
import io.hookpoint.sms.SmsStatus;

/**
 * Vonage's SMS delivery receipts, POSTed as a form or as JSON (the dashboard's "HTTP method"), signed: {@code sig}
 * must be {@link VonageSignature} of the other parameters ({@link VonageSignedRequest}) with {@code HOOKPOINT_VONAGE_SIGNATURE_SECRET}, and
 * {@code timestamp} within five minutes of now, so a captured receipt cannot be replayed later. Our message id is
 * the receipt's {@code client-ref} (signed), else the {@code message_id} of the callback URL when the signature
 * covers it. {@code delivered}, {@code expired} and {@code failed} (undelivered), {@code rejected} (failed) and
 * {@code accepted} (sent) are applied; {@code buffered} and {@code unknown} are read and ignored.
 */
public final class VonageReportReader implements ReportReader {
    private static final Map<String, SmsStatus> STATUSES = Map.of(
            "accepted", SmsStatus.SENT, "delivered", SmsStatus.DELIVERED, "expired", SmsStatus.UNDELIVERED,
            "failed", SmsStatus.UNDELIVERED, "rejected", SmsStatus.FAILED);
    private static final DateTimeFormatter SCTS = DateTimeFormatter.ofPattern("yyMMddHHmm");

    private final Optional<String> secret;
    private final VonageSignature.Method method;
    private final Clock clock;

    /**
     * Creates the reader.
     *
     * @param secret {@code HOOKPOINT_VONAGE_SIGNATURE_SECRET}, or empty to refuse every callback
     * @param method {@code HOOKPOINT_VONAGE_SIGNATURE_METHOD}
     * @param clock  the clock the timestamp is checked against
     */
    public VonageReportReader(Optional<String> secret, VonageSignature.Method method, Clock clock) {
        this.secret = secret.filter(s -> !s.isBlank());
        this.method = method;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return VonageAnswers.PROVIDER;
    }

    // "the user has requested not to receive messages from the sending number" (Messaging Opted-out Numbers,
    // https://developer.vonage.com/en/opt-out-assist/guides/messaging-opted-out-numbers), in a failed or
    // rejected receipt: the number is suppressed here too, as Twilio's 21610 is
    static final String OPTED_OUT = "9";

    @Override
    public List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected {
        VonageSignedRequest.Signed signed = VonageSignedRequest.read(request, secret, method, clock);
        Map<String, String> params = signed.params();
        String vonageId = params.get("messageId");
        String status = params.get("status");
        if (vonageId == null || status == null) {
            throw new CallbackRejected(Refusal.UNREADABLE, "messageId and status are required.");
        }
        SmsStatus ours = STATUSES.get(status);
        if (ours == null) {
            return List.of();   // buffered, unknown: nothing we track
        }
        String messageId = Optional.ofNullable(params.get("client-ref"))
                .orElse(signed.queryCovered() ? signed.query().get("message_id") : null);
        String errorCode = params.get("err-code");
        try {
            boolean optedOut = (ours == SmsStatus.UNDELIVERED || ours == SmsStatus.FAILED) && OPTED_OUT.equals(errorCode);
            return List.of(new DeliveryReport(provider(), messageId, vonageId, ours, status,
                    errorCode == null || errorCode.equals("0") ? null : errorCode, null, null, null, null,
                    at(params.get("scts")), optedOut));
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(Refusal.UNREADABLE, e.getMessage() + ".");
        }
    }

    // scts: when the carrier reported, YYMMDDHHMM in UTC; unreadable or absent: now
    private static Long at(String scts) {
        if (scts == null || !scts.matches("[0-9]{10}")) {
            return null;
        }
        try {
            return LocalDateTime.parse(scts, SCTS).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
