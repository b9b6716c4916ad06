package io.hookpoint.providers.sinch;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Sends through Sinch's SMS REST API with the plain JDK client (no SDK, no retries of its own):
 * {@code POST {url}/xms/v1/{plan}/batches}, {@code Authorization: Bearer {token}}, JSON {@code to} (one
 * recipient), {@code from} (the request's sender, else {@code HOOKPOINT_SINCH_FROM}, else the plan's default
 * originator), {@code body} (Sinch picks GSM-7 or UCS-2 from the characters itself), {@code type: mt_text},
 * {@code delivery_report: per_recipient}, {@code client_reference} = our message id, and {@code callback_url}
 * = the callback URL with our id and the callback secret. {@link SinchAnswers} reads the answer.
 *
 * <p>Sinch has no idempotency key, but it lists batches by {@code client_reference}: an attempt after one
 * whose outcome is unknown (an answer that never came, a 5xx, a dispatcher killed mid-call) first looks the
 * batch up, and sends only when Sinch has none for our id (see {@link #send}).
 */
public final class SinchGateway implements SmsGateway {
    // how far before the message's creation the look-up searches (Sinch's default is the last 24 hours)
    private static final Duration LOOKUP_MARGIN = Duration.ofHours(1);

    private final SinchSettings settings;
    private final URI batches;
    private final String authorization;
    private final Duration readTimeout;
    private final Optional<URI> callbackUrl;
    private final HttpClient client;

    /**
     * Creates the gateway.
     *
     * @param settings       complete settings ({@link SinchSettings#requireForSending(boolean)})
     * @param connectTimeout longest wait for a connection
     * @param readTimeout    longest wait for the answer
     * @param callbackUrl    {@code HOOKPOINT_PUBLIC_URL/callbacks/sinch/status}, or empty: reports go to the
     *                       callback URL set on the service plan
     */
    public SinchGateway(SinchSettings settings, Duration connectTimeout, Duration readTimeout,
                        Optional<URI> callbackUrl) {
        this.settings = settings;
        this.batches = URI.create(settings.url() + "/xms/v1/" + settings.servicePlanId().orElseThrow() + "/batches");
        this.authorization = "Bearer " + settings.token().orElseThrow();
        this.readTimeout = readTimeout;
        this.callbackUrl = callbackUrl;
        this.client = ProviderHttp.client(connectTimeout, settings.trust(), "HOOKPOINT_SINCH_TRUST");
    }

    /** A repeat looks the batch up first, then sends: two calls, which the claim's lease must outlive. */
    @Override
    public int callsPerSend() {
        return 2;
    }

    /**
     * Sends one message. A connection that could not be made is tried again later. A call that went out
     * and got no answer may have created the batch: it is tried again too, no sooner than the read timeout
     * (the call may still be under way at Sinch), but every attempt after the first first asks Sinch for a
     * batch with our id as {@code client_reference} and, if there is one, takes it as sent instead of sending
     * a second SMS; if that question gets no clear answer, nothing is sent.
     */
    @Override
    public DeliveryResult send(StoredSms sms) {
        if (sms.attempts() > 1) {
            Optional<DeliveryResult> earlier = lookUp(sms);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        HttpRequest request = HttpRequest.newBuilder(batches)
                .timeout(readTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(sms).toString(), StandardCharsets.UTF_8))
                .build();
        // the look-up waits at least a whole answer's time: the lost call may still be under way at Sinch (the
        // JDK's client gives up on its connect timeout even when the request went out as the handshake ended),
        // and a batch being created is not yet in the list
        return ProviderHttp.send(client, request, "Sinch", SinchAnswers::classify, e -> new DeliveryResult.Failed(
                "Sinch's answer did not come (" + e + "): the batch may exist; the next attempt, not before "
                + readTimeout.toMillis() + " ms, looks it up by client_reference before sending again", readTimeout));
    }

    /**
     * The batch of one message, in Sinch's field names.
     *
     * @param sms the message
     * @return the JSON body
     */
    JsonObject body(StoredSms sms) {
        JsonObjectBuilder body = JsonBodies.JSON.createObjectBuilder();
        Optional.ofNullable(sms.sender()).or(settings::from).ifPresent(from -> body.add("from", from));
        body.add("to", JsonBodies.JSON.createArrayBuilder().add(sms.recipient()))
                .add("body", sms.text())
                // no encoding flag: Sinch detects GSM-7 or UCS-2 from the characters (docs/providers.md)
                .add("type", "mt_text")
                // every status of each recipient, so "Dispatched" marks the message sent
                .add("delivery_report", "per_recipient")
                // our id travels with the batch: reports name it even when they beat the send's answer
                .add("client_reference", sms.messageId());
        callbackUrl.ifPresent(url -> body.add("callback_url", new CallbackSecret(settings.callbackToken())
                .appendTo(URI.create(url + "?message_id=" + URLEncoder.encode(sms.messageId(),
                        StandardCharsets.UTF_8))).toString()));
        return body.build();
    }

    // Sinch's batch for our id, if an earlier attempt created one; empty when it surely has none
    private Optional<DeliveryResult> lookUp(StoredSms sms) {
        String since = Instant.ofEpochMilli(sms.createdAt()).minus(LOOKUP_MARGIN).truncatedTo(ChronoUnit.MILLIS)
                .toString();
        URI query = URI.create(batches + "?client_reference=" + URLEncoder.encode(sms.messageId(),
                StandardCharsets.UTF_8) + "&start_date=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(query)
                .timeout(readTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.of(new DeliveryResult.Failed("could not ask Sinch whether an earlier attempt was sent ("
                    + e + "); not sent again yet"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new DeliveryResult.Failed("interrupted while sending (shutting down)"));
        }
        if (response.statusCode() != 200) {
            // a throttled or failed look-up is classified like a send; a refusal of it too (the token, the plan)
            return Optional.of(response.statusCode() < 300
                    ? new DeliveryResult.Failed("Sinch answered the look-up with " + response.statusCode())
                    : SinchAnswers.classify(response.statusCode(), response.body(),
                            response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
        }
        JsonObject list = ProviderHttp.object(response.body());
        if (!(list.get("batches") instanceof JsonArray found)) {
            return Optional.of(new DeliveryResult.Failed("Sinch's list of batches is unreadable: "
                    + ProviderHttp.shortened(response.body()) + "; not sent again yet"));
        }
        for (JsonValue item : found) {
            if (item instanceof JsonObject batch && sms.messageId().equals(ProviderHttp.text(batch, "client_reference"))
                    && ProviderHttp.text(batch, "id") != null) {
                return Optional.of(new DeliveryResult.Sent(SinchAnswers.PROVIDER, ProviderHttp.text(batch, "id"),
                        null, null, null));
            }
        }
        return Optional.empty();
    }
}
