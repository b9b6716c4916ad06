package io.hookpoint.providers.vonage;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.optout.InboundMessage;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

/**
 * Vonage's inbound SMS webhook (the dashboard's "Inbound SMS webhooks" URL, method POST, JSON or form):
 * {@code msisdn} (the sender), {@code to}, {@code messageId}, {@code text}, {@code type}, {@code keyword},
 * signed like the delivery receipts ({@link VonageSignedRequest}, the same secret). Vonage wants a 200 or 204
 * and sends nothing back on its own; a binary message carries no text and changes nothing. A long reply comes
 * in parts ({@code concat-*}); a STOP is one short part, so parts are read as they come.
 */
public final class VonageInboundReader implements InboundReader {
    private final Optional<String> secret;
    private final VonageSignature.Method method;
    private final Clock clock;

    /**
     * Creates the reader.
     *
     * @param secret {@code HOOKPOINT_VONAGE_SIGNATURE_SECRET}, or empty to refuse every call
     * @param method {@code HOOKPOINT_VONAGE_SIGNATURE_METHOD}
     * @param clock  the clock the timestamp is checked against
     */
    public VonageInboundReader(Optional<String> secret, VonageSignature.Method method, Clock clock) {
        this.secret = secret;
        this.method = method;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return VonageAnswers.PROVIDER;
    }

    @Override
    public List<InboundMessage> read(CallbackRequest request) throws CallbackRejected {
        Map<String, String> params = VonageSignedRequest.read(request, secret, method, clock).params();
        String from = params.get("msisdn");
        if (params.get("messageId") == null || from == null) {
            throw new CallbackRejected(Refusal.UNREADABLE, "messageId and msisdn are required.");
        }
        return List.of(new InboundMessage(from, "binary".equals(params.get("type")) ? null : params.get("text")));
    }
}
