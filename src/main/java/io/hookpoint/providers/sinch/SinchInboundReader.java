package io.hookpoint.providers.sinch;

import java.util.List;
import java.util.Optional;

import io.hookpoint.optout.InboundMessage;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Sinch's inbound (MO) callback, one JSON object per POST: {@code {"type":"mo_text","id","from","to","body",
 * "received_at",...}}. Unsigned, so the same shared secret as the delivery reports authenticates it
 * ({@link CallbackSecret}: {@code ?token=} in the service plan's callback URL, or a Basic password). Other
 * types ({@code mo_binary}, {@code mo_media}, delivery reports sent here) carry no text and change nothing.
 */
public final class SinchInboundReader implements InboundReader {
    private final CallbackSecret secret;

    /**
     * Creates the reader.
     *
     * @param callbackToken {@code HOOKPOINT_SINCH_CALLBACK_TOKEN}, or empty to refuse every call
     */
    public SinchInboundReader(Optional<String> callbackToken) {
        this.secret = new CallbackSecret(callbackToken);
    }

    @Override
    public String provider() {
        return SinchAnswers.PROVIDER;
    }

    @Override
    public List<InboundMessage> read(CallbackRequest request) throws CallbackRejected {
        secret.check(request);
        JsonValue body = request.json();
        if (!(body instanceof JsonObject message)) {
            throw new CallbackRejected(Refusal.UNREADABLE, "Request body must be a JSON object.");
        }
        if (!"mo_text".equals(ProviderHttp.text(message, "type"))) {
            return List.of();
        }
        String from = ProviderHttp.text(message, "from");
        if (from == null) {
            throw new CallbackRejected(Refusal.UNREADABLE, "from is required.");
        }
        return List.of(new InboundMessage(from, ProviderHttp.text(message, "body")));
    }
}
