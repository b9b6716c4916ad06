package io.hookpoint.providers.infobip;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.reports.DeliveryReport;
import io.hookpoint.reports.HttpReportReader;
import io.hookpoint.reports.ReportReader;
import io.hookpoint.sms.SmsStatus;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Infobip's delivery reports: a JSON POST {@code {"results":[{messageId, to, sentAt, doneAt, smsCount,
 * price{pricePerMessage, currency}, status{groupId, groupName, id, name, description}, error{...},
 * callbackData}]}}. Infobip does not sign them, so the shared secret is checked first ({@link CallbackSecret}:
 * the {@code token} of the notify URL we gave, or a Basic password configured at Infobip). Status groups:
 * 1 PENDING ignored, 2 UNDELIVERABLE and 4 EXPIRED -> undelivered, 3 DELIVERED -> delivered, 5 REJECTED -> failed.
 * Our id is {@code callbackData}, else {@code messageId} (we set both to it when sending).
 */
public final class InfobipReportReader implements ReportReader {
    private static final Map<Integer, SmsStatus> GROUPS = Map.of(2, SmsStatus.UNDELIVERED, 3, SmsStatus.DELIVERED,
            4, SmsStatus.UNDELIVERED, 5, SmsStatus.FAILED);
    private static final Map<String, Integer> GROUP_NAMES = Map.of("PENDING", 1, "UNDELIVERABLE", 2,
            "DELIVERED", 3, "EXPIRED", 4, "REJECTED", 5);
    // Infobip's times: 2019-11-09T16:00:00.000+0000
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final CallbackSecret secret;

    /**
     * Creates the reader.
     *
     * @param secret {@code HOOKPOINT_INFOBIP_CALLBACK_TOKEN}; without one every callback is refused
     */
    public InfobipReportReader(CallbackSecret secret) {
        this.secret = secret;
    }

    @Override
    public String provider() {
        return InfobipAnswers.PROVIDER;
    }

    @Override
    public List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected {
        secret.check(request);
        JsonValue body = request.json();
        if (!(body instanceof JsonObject object) || !(object.get("results") instanceof JsonArray results)) {
            throw unreadable("Request body must be an object with a 'results' array.");
        }
        if (results.size() > HttpReportReader.MAX_REPORTS) {
            throw unreadable("At most " + HttpReportReader.MAX_REPORTS + " results per call.");
        }
        List<DeliveryReport> reports = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof JsonObject result)) {
                throw unreadable("Result " + i + " must be a JSON object.");
            }
            DeliveryReport report = report(result, "Result " + i + ": ");
            if (report != null) {
                reports.add(report);
            }
        }
        return reports;
    }

    private static DeliveryReport report(JsonObject result, String where) throws CallbackRejected {
        JsonObject status = object(result, "status");
        Integer group = integer(status, "groupId");
        if (group == null) {
            String name = ProviderHttp.text(status, "groupName");
            group = name == null ? null : GROUP_NAMES.get(name.toUpperCase(Locale.ROOT));
        }
        if (group == null) {
            throw unreadable(where + "status.groupId is required.");
        }
        SmsStatus ours = GROUPS.get(group);
        if (ours == null) {
            return null;   // 1 PENDING (an intermediate report) or a group we do not know: nothing we track
        }
        String messageId = ProviderHttp.text(result, "messageId");
        String callbackData = ProviderHttp.text(result, "callbackData");
        JsonObject error = object(result, "error");
        Integer errorId = integer(error, "id");
        boolean anError = errorId != null && errorId != 0;   // 0 is NO_ERROR
        String errorName = ProviderHttp.text(error, "name");
        String errorText = ProviderHttp.text(error, "description");
        JsonObject price = object(result, "price");
        String currency = ProviderHttp.text(price, "currency");
        Integer segments = integer(result, "smsCount");
        try {
            return new DeliveryReport(InfobipAnswers.PROVIDER, callbackData != null ? callbackData : messageId,
                    messageId, ours, ProviderHttp.text(status, "name"), anError ? errorId.toString() : null,
                    anError ? String.join(": ", java.util.stream.Stream.of(errorName, errorText)
                            .filter(java.util.Objects::nonNull).toList()) : null,
                    segments != null && segments >= 0 ? segments : null, price(price),
                    currency != null && currency.matches("[A-Za-z]{3}") ? currency.toUpperCase(Locale.ROOT) : null,
                    time(ProviderHttp.text(result, "doneAt")));
        } catch (IllegalArgumentException e) {
            throw unreadable(where + e.getMessage() + ".");
        }
    }

    // pricePerMessage is a JSON number: kept as written
    private static String price(JsonObject price) {
        return price.get("pricePerMessage") instanceof JsonNumber n
                && n.toString().matches("-?[0-9]{1,18}(\\.[0-9]{1,18})?") ? n.toString() : null;
    }

    private static Long time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, TIME).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeException | ArithmeticException again) {
                return null;   // an odd time is no reason to lose the report: now
            }
        }
    }

    private static JsonObject object(JsonObject json, String name) {
        return json.get(name) instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Integer integer(JsonObject json, String name) {
        return json.get(name) instanceof JsonNumber n && n.isIntegral() && n.longValue() == n.intValue()
                ? n.intValue() : null;
    }

    private static CallbackRejected unreadable(String message) {
        return new CallbackRejected(Refusal.UNREADABLE, message);
    }
}
