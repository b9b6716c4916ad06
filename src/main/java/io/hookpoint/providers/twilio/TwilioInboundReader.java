package io.hookpoint.providers.twilio;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.hookpoint.optout.InboundMessage;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.FormParams;
import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

/**
 * Twilio's incoming-message webhook (the number's or Messaging Service's "A message comes in" URL): a form
 * POST with {@code MessageSid}, {@code From}, {@code To}, {@code Body}, ..., signed like the status callbacks
 * ({@link TwilioSignedForm}, the same auth token). Twilio reads the answer as TwiML: an empty
 * {@code <Response/>} makes it send nothing more (its own STOP / START reply goes out regardless).
 */
public final class TwilioInboundReader implements InboundReader {
    private static final String[] EMPTY_TWIML = {"text/xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"};

    private final Optional<byte[]> authToken;

    /**
     * Creates the reader.
     *
     * @param authToken {@code HOOKPOINT_TWILIO_AUTH_TOKEN}, or empty to refuse every call
     */
    public TwilioInboundReader(Optional<String> authToken) {
        this.authToken = authToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String provider() {
        return TwilioAnswers.PROVIDER;
    }

    @Override
    public List<InboundMessage> read(CallbackRequest request) throws CallbackRejected {
        FormParams params = TwilioSignedForm.read(request, authToken);
        String from = params.single("From");
        if (params.single("MessageSid") == null || from == null) {
            throw new CallbackRejected(Refusal.UNREADABLE, "MessageSid and From are required.");
        }
        return List.of(new InboundMessage(from, params.single("Body")));
    }

    @Override
    public String[] reply() {
        return EMPTY_TWIML.clone();
    }
}
