package io.hookpoint.providers;

import java.util.ArrayList;
import java.util.List;

import io.hookpoint.optout.InboundMessage;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.HttpReportReader;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Replies for the generic {@code http} gateway, from a user's own adapter: {@code {"messages":[{"from":"+420...",
 * "text":"STOP"}]}} (openapi.yaml's {@code InboundMessages}), authenticated as its delivery reports
 * ({@code Authorization: Bearer <HOOKPOINT_CALLBACK_TOKEN>}, {@link HttpReportReader#authenticate}).
 */
final class HttpInboundReader implements InboundReader {
    private final HttpReportReader reports;

    HttpInboundReader(HttpReportReader reports) {
        this.reports = reports;
    }

    @Override
    public String provider() {
        return HttpReportReader.PROVIDER;
    }

    @Override
    public List<InboundMessage> read(CallbackRequest request) throws CallbackRejected {
        reports.authenticate(request);
        JsonValue body = request.json();
        if (!(body instanceof JsonObject object) || !(object.get("messages") instanceof JsonArray items)
                || items.size() > HttpReportReader.MAX_REPORTS) {
            throw new CallbackRejected(Refusal.UNREADABLE, "Request body must be an object with a 'messages' array"
                    + " of at most " + HttpReportReader.MAX_REPORTS + " messages.");
        }
        List<InboundMessage> messages = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof JsonObject item) || ProviderHttp.text(item, "from") == null) {
                throw new CallbackRejected(Refusal.UNREADABLE, "Message " + i + " must be an object with 'from'.");
            }
            messages.add(new InboundMessage(ProviderHttp.text(item, "from"), ProviderHttp.text(item, "text")));
        }
        return messages;
    }
}
