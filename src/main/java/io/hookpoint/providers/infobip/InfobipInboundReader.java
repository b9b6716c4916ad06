package io.hookpoint.providers.infobip;

import java.util.ArrayList;
import java.util.List;

import io.hookpoint.optout.InboundMessage;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.reports.HttpReportReader;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Infobip's inbound SMS webhook (the number's forwarding URL, format MO_JSON_2):
 * {@code {"results":[{messageId, from, to, text, cleanText, keyword, receivedAt, ...}]}}. Unsigned, so the same
 * shared secret as the delivery reports authenticates it ({@link CallbackSecret}: {@code ?token=} in the URL
 * configured at Infobip, or a Basic password). The whole {@code text} is read (a STOP configured as an Infobip
 * keyword is also in it). Infobip wants a 2xx and sends nothing back on its own.
 */
public final class InfobipInboundReader implements InboundReader {
    private final CallbackSecret secret;

    /**
     * Creates the reader.
     *
     * @param secret {@code HOOKPOINT_INFOBIP_CALLBACK_TOKEN}; without one every call is refused
     */
    public InfobipInboundReader(CallbackSecret secret) {
        this.secret = secret;
    }

    @Override
    public String provider() {
        return InfobipAnswers.PROVIDER;
    }

    @Override
    public List<InboundMessage> read(CallbackRequest request) throws CallbackRejected {
        secret.check(request);
        JsonValue body = request.json();
        if (!(body instanceof JsonObject object) || !(object.get("results") instanceof JsonArray results)
                || results.size() > HttpReportReader.MAX_REPORTS) {
            throw new CallbackRejected(Refusal.UNREADABLE,
                    "Request body must be an object with a 'results' array of at most " + HttpReportReader.MAX_REPORTS
                            + " messages.");
        }
        List<InboundMessage> messages = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof JsonObject result) || ProviderHttp.text(result, "from") == null) {
                throw new CallbackRejected(Refusal.UNREADABLE, "Result " + i + " must be an object with 'from'.");
            }
            messages.add(new InboundMessage(ProviderHttp.text(result, "from"), ProviderHttp.text(result, "text")));
        }
        return messages;
    }
}
