package io.hookpoint.providers.sinch;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.reports.DeliveryReport;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader;
import io.hookpoint.sms.SmsStatus;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Sinch's per-recipient delivery reports: one JSON object per POST,
 * {@code {"type":"recipient_delivery_report_sms","batch_id","recipient","code","status","at",
 * "client_reference",...}}. Sinch does not sign them, so the shared secret {@code HOOKPOINT_SINCH_CALLBACK_TOKEN}
 * authenticates them ({@link CallbackSecret}: the {@code token} of the callback URL the gateway gave the
 * batch, or the password of Basic credentials set up with Sinch), before anything is read. Our message id is
 * the URL's {@code message_id}, else the report's {@code client_reference}. {@code Dispatched} is sent,
 * {@code Delivered} delivered; {@code Failed}, {@code Expired} and {@code Deleted} (the network could not
 * deliver it) undelivered; {@code Rejected}, {@code Aborted} and {@code Cancelled} (it never reached the
 * network) failed; {@code Queued} and {@code Unknown} (handed to the network, no receipt) change nothing.
 */
public final class SinchReportReader implements ReportReader {
    private static final String TYPE = "recipient_delivery_report_sms";
    private static final Map<String, SmsStatus> STATUSES = Map.of(
            "Dispatched", SmsStatus.SENT, "Delivered", SmsStatus.DELIVERED,
            "Failed", SmsStatus.UNDELIVERED, "Expired", SmsStatus.UNDELIVERED, "Deleted", SmsStatus.UNDELIVERED,
            "Rejected", SmsStatus.FAILED, "Aborted", SmsStatus.FAILED, "Cancelled", SmsStatus.FAILED);

    private final CallbackSecret secret;

    /**
     * Creates the reader.
     *
     * @param callbackToken {@code HOOKPOINT_SINCH_CALLBACK_TOKEN}, or empty to refuse every callback
     */
    public SinchReportReader(Optional<String> callbackToken) {
        this.secret = new CallbackSecret(callbackToken);
    }

    @Override
    public String provider() {
        return SinchAnswers.PROVIDER;
    }

    @Override
    public List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected {
        secret.check(request);
        JsonValue body = request.json();
        if (!(body instanceof JsonObject report)) {
            throw unreadable("Request body must be a JSON object.");
        }
        if (!TYPE.equals(ProviderHttp.text(report, "type"))) {
            return List.of();   // batch summaries, inbound messages, MMS: nothing a message of ours tracks
        }
        String batchId = ProviderHttp.text(report, "batch_id");
        String status = ProviderHttp.text(report, "status");
        if (batchId == null || status == null) {
            throw unreadable("batch_id and status are required.");
        }
        SmsStatus ours = STATUSES.get(status);
        if (ours == null) {
            return List.of();   // Queued, Unknown, or a status Sinch adds later: nothing we track
        }
        String messageId = FormParams.query(request.publicUrl()).optional("message_id")
                .orElse(ProviderHttp.text(report, "client_reference"));
        String code = report.get("code") instanceof JsonNumber number ? number.toString() : null;
        Integer parts = report.get("number_of_message_parts") instanceof JsonNumber n && n.isIntegral()
                && n.longValue() > 0 && n.longValue() < 1000 ? n.intValue() : null;
        try {
            // Sinch reports a code for every status (401 Dispatched, 0 Delivered): only a failure's is an error
            boolean error = ours == SmsStatus.UNDELIVERED || ours == SmsStatus.FAILED;
            return List.of(new DeliveryReport(provider(), messageId, batchId, ours, status, error ? code : null,
                    null, parts, null, null, at(report)));
        } catch (IllegalArgumentException e) {
            throw unreadable(e.getMessage() + ".");
        }
    }

    // when the status was reached: the operator's time if given, else when Sinch made the report
    private static Long at(JsonObject report) {
        for (String name : new String[] {"operator_status_at", "at"}) {
            String time = ProviderHttp.text(report, name);
            if (time != null) {
                try {
                    return OffsetDateTime.parse(time).toInstant().toEpochMilli();
                } catch (DateTimeException | ArithmeticException e) {
                    // an unreadable time is no reason to lose the report: "now" is close enough
                }
            }
        }
        return null;
    }

    private static CallbackRejected unreadable(String message) {
        return new CallbackRejected(Refusal.UNREADABLE, message);
    }
}
