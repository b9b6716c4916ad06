package io.hookpoint.providers.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.sms.StoredSms;

/**
 * Sends through Twilio's Messages resource with the plain JDK client (no SDK, no retries of its own):
 * {@code POST {url}/2010-04-01/Accounts/{sid}/Messages.json}, form-encoded {@code To}, {@code From} (the
 * request's sender, else {@code HOOKPOINT_TWILIO_FROM}) and/or {@code MessagingServiceSid}, {@code Body},
 * and {@code StatusCallback} naming our message id, Basic {@code sid:token}. {@link TwilioAnswers} reads the
 * answer. Twilio has no idempotency key, so a call whose answer never came is not made again (see
 * {@link #send}).
 */
public final class TwilioGateway implements SmsGateway {
    private final TwilioSettings settings;
    private final URI endpoint;
    private final String authorization;
    private final Duration readTimeout;
    private final Optional<URI> callbackUrl;
    private final HttpClient client;

    /**
     * Creates the gateway.
     *
     * @param settings       complete settings ({@link TwilioSettings#requireForSending()})
     * @param connectTimeout longest wait for a connection
     * @param readTimeout    longest wait for the answer
     * @param callbackUrl    {@code HOOKPOINT_PUBLIC_URL/callbacks/twilio/status}, or empty: no status callbacks
     */
    public TwilioGateway(TwilioSettings settings, Duration connectTimeout, Duration readTimeout,
                         Optional<URI> callbackUrl) {
        this.settings = settings;
        String sid = settings.accountSid().orElseThrow();
        this.endpoint = URI.create(settings.url() + "/2010-04-01/Accounts/" + sid + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (sid + ":" + settings.authToken().orElseThrow()).getBytes(StandardCharsets.UTF_8));
        this.readTimeout = readTimeout;
        this.callbackUrl = callbackUrl;
        this.client = ProviderHttp.client(connectTimeout, settings.trust(), "HOOKPOINT_TWILIO_TRUST");
    }

    /**
     * Sends one message. A connection that could not be made is tried again later; a call that went out
     * and got no answer (a read timeout, a connection lost mid-call) may have created the message, and
     * Twilio cannot recognise a repeat: it fails for good, naming the unknown outcome, rather than risk
     * sending the SMS twice.
     */
    @Override
    public DeliveryResult send(StoredSms sms) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(sms)))
                .build();
        return ProviderHttp.send(client, request, "Twilio", TwilioAnswers::classify, ProviderHttp.notSentAgain("Twilio", TwilioAnswers.PROVIDER));
    }

    /**
     * The form of one message, in Twilio's parameter names.
     *
     * @param sms the message
     * @return the URL-encoded form
     */
    String form(StoredSms sms) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", sms.recipient());
        Optional.ofNullable(sms.sender()).or(settings::from).ifPresent(from -> form.put("From", from));
        settings.messagingServiceSid().ifPresent(service -> form.put("MessagingServiceSid", service));
        form.put("Body", sms.text());
        // our id travels in the callback URL (Twilio has no reference field); the signature covers it
        callbackUrl.ifPresent(url -> form.put("StatusCallback", url + "?message_id="
                + URLEncoder.encode(sms.messageId(), StandardCharsets.UTF_8)));
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
