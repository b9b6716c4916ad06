package io.hookpoint.optout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.hookpoint.reports.CallbackEndpoint;
import io.hookpoint.sms.Recipient;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;
import io.hookpoint.web.RequestBodies;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /callbacks/{provider}/inbound}: replies forwarded by a provider. Each provider's
 * {@link InboundReader} authenticates the call as its delivery reports are authenticated; a reply that is a
 * STOP word suppresses its sender's number, a START word takes it off the list, anything else changes
 * nothing. Answered 200 (the provider stops retrying), refusals as the delivery reports' callbacks.
 */
public final class InboundEndpoint {
    /** The contract's operation id. */
    public static final String OPERATION = "receiveInboundMessages";

    private final Map<String, InboundReader> readers = new TreeMap<>();
    private final Suppressions suppressions;
    private final Keywords keywords;
    private final RequestBodies bodies;
    private final Answers answers;
    private final Optional<URI> publicUrl;

    /**
     * Creates the endpoint.
     *
     * @param readers      each provider's inbound reader
     * @param suppressions the list the replies change
     * @param keywords     the STOP and START words
     * @param bodies       the body limit
     * @param answers      writes the answers
     * @param publicUrl    this service's public base URL (Twilio's signature covers it), or empty
     */
    public InboundEndpoint(List<InboundReader> readers, Suppressions suppressions, Keywords keywords,
                           RequestBodies bodies, Answers answers, Optional<URI> publicUrl) {
        readers.forEach(reader -> this.readers.put(reader.provider(), reader));
        this.suppressions = suppressions;
        this.keywords = keywords;
        this.bodies = bodies;
        this.answers = answers;
        this.publicUrl = publicUrl;
    }

    /** The handlers, by the contract's operation id. */
    public Map<String, Handler> handlers() {
        return Map.of(OPERATION, this::receive);
    }

    private void receive(ServerRequest request, ServerResponse response) {
        Optional<List<InboundMessage>> call = CallbackEndpoint.read(request, response, readers, bodies, answers,
                publicUrl);
        if (call.isEmpty()) {
            return;
        }
        List<InboundMessage> replies = call.get();
        String provider = request.path().pathParameters().get("provider");
        int optedOut = 0;
        int optedIn = 0;
        for (InboundMessage reply : replies) {
            Optional<String> number = number(reply.from());
            Keywords.Meaning meaning = keywords.meaning(reply.text());
            if (number.isEmpty() || meaning == Keywords.Meaning.NONE) {
                continue;
            }
            if (meaning == Keywords.Meaning.STOP) {
                suppressions.suppress(number.get(), Suppressions.Source.KEYWORD, provider);
                optedOut++;
            } else {
                suppressions.release(number.get(), Suppressions.Source.KEYWORD, provider);
                optedIn++;
            }
        }
        String[] reply = readers.get(provider).reply();
        if (reply != null) {
            response.header(HeaderNames.CONTENT_TYPE, reply[0]);
            response.status(200).send(reply[1].getBytes(StandardCharsets.UTF_8));
            return;
        }
        answers.send(response, 200, JsonBodies.JSON.createObjectBuilder()
                .add("success", true)
                .add("result", JsonBodies.JSON.createObjectBuilder()
                        .add("received", replies.size())
                        .add("opted_out", optedOut)
                        .add("opted_in", optedIn))
                .build().toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A sender's number in E.164: providers write it with or without {@code +} (Vonage's {@code msisdn},
     * Infobip's and Sinch's {@code from} come as digits only).
     *
     * @param raw the number as given
     * @return E.164, or empty for a short code or an alphanumeric sender (nothing of ours goes there)
     */
    static Optional<String> number(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        return Recipient.normalize(trimmed.matches("[1-9][0-9]{7,14}") ? "+" + trimmed : trimmed);
    }
}
