package io.hookpoint.reports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.sms.SmsStatus;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reports of the generic {@code http} gateway, for a user's own adapter: a JSON body
 * {@code {"reports":[{"message_id","provider_message_id","status",...}]}} (openapi.yaml's
 * {@code DeliveryReports}), authenticated by {@code Authorization: Bearer <HOOKPOINT_CALLBACK_TOKEN>},
 * compared in constant time. Without a configured token every callback is refused.
 */
public final class HttpReportReader implements ReportReader {
    /** The provider name of the generic gateway. */
    public static final String PROVIDER = "http";
    /** The most reports one callback may carry. */
    public static final int MAX_REPORTS = 1000;
    private static final int TEXT_LIMIT = 1024;

    private final Optional<byte[]> token;

    /**
     * Creates the reader.
     *
     * @param token the shared secret, or empty to refuse every callback
     */
    public HttpReportReader(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected {
        authenticate(request);
        JsonValue body = request.json();
        if (!(body instanceof JsonObject object) || !(object.get("reports") instanceof JsonValue reports)
                || reports.getValueType() != JsonValue.ValueType.ARRAY) {
            throw unreadable("Request body must be an object with a 'reports' array.");
        }
        List<JsonValue> items = reports.asJsonArray();
        if (items.size() > MAX_REPORTS) {
            throw unreadable("At most " + MAX_REPORTS + " reports per call.");
        }
        List<DeliveryReport> read = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            read.add(report(items.get(i), i));
        }
        return read;
    }

    /**
     * Checks a call's {@code Authorization: Bearer} against the token (its inbound replies use it too).
     *
     * @param request the call
     * @throws CallbackRejected (unauthenticated) without a configured token, or with a missing or wrong one
     */
    public void authenticate(CallbackRequest request) throws CallbackRejected {
        List<String> authorization = request.header("authorization");
        if (token.isEmpty() || authorization.size() != 1 || !authorization.get(0).startsWith("Bearer ")) {
            throw new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
        }
        byte[] given = authorization.get(0).substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        // constant time: the comparison does not reveal how much of a guess was right
        if (!MessageDigest.isEqual(given, token.get())) {
            throw new CallbackRejected(Refusal.UNAUTHENTICATED, "Authentication required.");
        }
    }

    private static DeliveryReport report(JsonValue item, int index) throws CallbackRejected {
        if (!(item instanceof JsonObject report)) {
            throw unreadable("Report " + index + " must be a JSON object.");
        }
        String where = "Report " + index + ": ";
        SmsStatus status;
        try {
            status = SmsStatus.of(text(report, "status", where));
        } catch (IllegalArgumentException e) {
            throw unreadable(where + "status must be sent, delivered, undelivered or failed.");
        }
        Integer segments = null;
        if (report.get("segments") instanceof JsonNumber number) {
            if (!number.isIntegral() || number.longValue() < 0 || number.longValue() > Integer.MAX_VALUE) {
                throw unreadable(where + "segments must be a whole number.");
            }
            segments = number.intValue();
        } else if (present(report, "segments")) {
            throw unreadable(where + "segments must be a number.");
        }
        String price = text(report, "price", where);
        if (price != null && !price.matches("-?[0-9]{1,18}(\\.[0-9]{1,18})?")) {
            throw unreadable(where + "price must be a decimal number in a string, e.g. \"0.0075\".");
        }
        String currency = text(report, "currency", where);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            throw unreadable(where + "currency must be an ISO 4217 code, e.g. \"EUR\".");
        }
        Long at = null;
        String time = text(report, "at", where);
        if (time != null) {
            try {
                at = OffsetDateTime.parse(time).toInstant().toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                throw unreadable(where + "at must be an RFC 3339 date-time.");
            }
        }
        try {
            return new DeliveryReport(PROVIDER, text(report, "message_id", where),
                    text(report, "provider_message_id", where), status, text(report, "provider_status", where),
                    text(report, "error_code", where), text(report, "error", where), segments, price, currency, at);
        } catch (IllegalArgumentException e) {
            throw unreadable(where + e.getMessage() + ".");
        }
    }

    // a string field, null when absent or null; a number is taken as its text (error codes often are)
    private static String text(JsonObject report, String name, String where) throws CallbackRejected {
        JsonValue value = report.get(name);
        String text;
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        } else if (value instanceof JsonString string) {
            text = string.getString();
        } else if (value instanceof JsonNumber number && !name.equals("price")) {
            text = number.toString();
        } else {
            throw unreadable(where + name + " must be a string.");
        }
        if (text.length() > TEXT_LIMIT) {
            throw unreadable(where + name + " is longer than " + TEXT_LIMIT + " characters.");
        }
        return text.isEmpty() ? null : text;
    }

    private static boolean present(JsonObject report, String name) {
        return report.containsKey(name) && report.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    private static CallbackRejected unreadable(String message) {
        return new CallbackRejected(Refusal.UNREADABLE, message);
    }
}
