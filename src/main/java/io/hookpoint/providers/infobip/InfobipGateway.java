package io.hookpoint.providers.infobip;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObjectBuilder;

/**
 * Sends through Infobip's fully featured SMS method with the plain JDK client (no SDK, no retries of its
 * own): {@code POST {url}/sms/2/text/advanced}, {@code Authorization: App <key>}, JSON {@code messages[0]}
 * with {@code from} (the request's sender, else {@code HOOKPOINT_INFOBIP_FROM}), one destination whose
 * {@code messageId} is our id, {@code text}, {@code notifyUrl} naming our id and the callback secret, and
 * {@code callbackData} = our id. {@link InfobipAnswers} reads the answer. A call whose answer never came is
 * not made again (see {@link #send}).
 */
public final class InfobipGateway implements SmsGateway {
    private final InfobipSettings settings;
    private final URI endpoint;
    private final String authorization;
    private final Duration readTimeout;
    private final Optional<URI> callbackUrl;
    private final CallbackSecret secret;
    private final HttpClient client;

    /**
     * Creates the gateway.
     *
     * @param settings       complete settings ({@link InfobipSettings#requireForSending(boolean)})
     * @param connectTimeout longest wait for a connection
     * @param readTimeout    longest wait for the answer
     * @param callbackUrl    {@code HOOKPOINT_PUBLIC_URL/callbacks/infobip/status}, or empty: no delivery reports
     * @param secret         the callback secret that the notify URL carries
     */
    public InfobipGateway(InfobipSettings settings, Duration connectTimeout, Duration readTimeout,
                          Optional<URI> callbackUrl, CallbackSecret secret) {
        this.settings = settings;
        this.endpoint = URI.create(settings.url().orElseThrow() + "/sms/2/text/advanced");
        this.authorization = "App " + settings.apiKey().orElseThrow();
        this.readTimeout = readTimeout;
        this.callbackUrl = callbackUrl;
        this.secret = secret;
        this.client = ProviderHttp.client(connectTimeout, settings.trust(), "HOOKPOINT_INFOBIP_TRUST");
    }

    /**
     * Sends one message. A connection that could not be made is tried again later; a call that went out
     * and got no answer (a read timeout, a connection lost mid-call) may have created the message, and
     * Infobip does not document that a repeated client {@code messageId} is refused as a duplicate: it fails
     * for good, naming the unknown outcome, rather than risk sending the SMS twice.
     */
    @Override
    public DeliveryResult send(StoredSms sms) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(sms)))
                .build();
        return ProviderHttp.send(client, request, "Infobip", InfobipAnswers::classify, ProviderHttp.notSentAgain("Infobip", InfobipAnswers.PROVIDER));
    }

    /**
     * The JSON of one message, in Infobip's field names. The text goes as it is: Infobip's textual methods
     * send a text with characters outside GSM-7 as Unicode (UCS-2) by themselves; there is no flag to set,
     * and no {@code transliteration} is asked for (it would change the text).
     *
     * @param sms the message
     * @return the request body
     */
    byte[] body(StoredSms sms) {
        JsonObjectBuilder message = JsonBodies.JSON.createObjectBuilder();
        Optional.ofNullable(sms.sender()).or(settings::from).ifPresent(from -> message.add("from", from));
        // our id is Infobip's messageId too: every report names it, even one that overtakes the answer
        message.add("destinations", JsonBodies.JSON.createArrayBuilder().add(JsonBodies.JSON.createObjectBuilder()
                .add("to", international(sms.recipient())).add("messageId", sms.messageId())));
        message.add("text", sms.text());
        callbackUrl.ifPresent(url -> message
                .add("notifyUrl", secret.appendTo(URI.create(url + "?message_id="
                        + URLEncoder.encode(sms.messageId(), StandardCharsets.UTF_8))).toString())
                .add("notifyContentType", "application/json")
                .add("callbackData", sms.messageId()));
        return JsonBodies.JSON.createObjectBuilder()
                .add("messages", JsonBodies.JSON.createArrayBuilder().add(message))
                .add("includeSmsCountInResponse", true)
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    // Infobip documents destinations in international format without the plus (41793026727)
    private static String international(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }
}
