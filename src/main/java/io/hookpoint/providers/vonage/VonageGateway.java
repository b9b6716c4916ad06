package io.hookpoint.providers.vonage;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.sms.TextEncoding;

/**
 * Sends through Vonage's SMS API with the plain JDK client (no SDK, no retries of its own):
 * {@code POST {url}/sms/json}, form-encoded {@code api_key}, {@code api_secret}, {@code from} (the request's
 * sender, else {@code HOOKPOINT_VONAGE_FROM}), {@code to} (without the {@code +}), {@code text},
 * {@code type=unicode} for UCS-2 texts, {@code client-ref} = our message id, and, with a public URL,
 * {@code callback} naming our message id with {@code status-report-req=1}. {@link VonageAnswers} reads the
 * answer. Vonage has no idempotency key, so a call whose answer never came is not made again (see {@link #send}).
 */
public final class VonageGateway implements SmsGateway {
    private final VonageSettings settings;
    private final URI endpoint;
    private final Duration readTimeout;
    private final Optional<URI> callbackUrl;
    private final HttpClient client;

    /**
     * Creates the gateway.
     *
     * @param settings       complete settings ({@link VonageSettings#requireForSending(boolean)})
     * @param connectTimeout longest wait for a connection
     * @param readTimeout    longest wait for the answer
     * @param callbackUrl    {@code HOOKPOINT_PUBLIC_URL/callbacks/vonage/status}, or empty: no delivery receipts
     */
    public VonageGateway(VonageSettings settings, Duration connectTimeout, Duration readTimeout,
                         Optional<URI> callbackUrl) {
        this.settings = settings;
        this.endpoint = URI.create(settings.url() + "/sms/json");
        this.readTimeout = readTimeout;
        this.callbackUrl = callbackUrl;
        this.client = ProviderHttp.client(connectTimeout, settings.trust(), "HOOKPOINT_VONAGE_TRUST");
    }

    /**
     * Sends one message. A connection that could not be made is tried again later; a call that went out and
     * got no answer (a read timeout, a connection lost mid-call) may have sent the SMS, and Vonage cannot
     * recognise a repeat ({@code client-ref} is a label, not an idempotency key): it fails for good, naming
     * the unknown outcome, rather than risk sending the SMS twice.
     */
    @Override
    public DeliveryResult send(StoredSms sms) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(sms)))
                .build();
        return ProviderHttp.send(client, request, "Vonage", VonageAnswers::classify, ProviderHttp.notSentAgain("Vonage", VonageAnswers.PROVIDER));
    }

    /**
     * The form of one message, in Vonage's parameter names.
     *
     * @param sms the message
     * @return the URL-encoded form
     */
    String form(StoredSms sms) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", settings.apiKey().orElseThrow());
        form.put("api_secret", settings.apiSecret().orElseThrow());
        form.put("from", Optional.ofNullable(sms.sender()).orElseGet(() -> settings.from().orElseThrow()));
        // Vonage takes E.164 without the leading +
        form.put("to", sms.recipient().startsWith("+") ? sms.recipient().substring(1) : sms.recipient());
        form.put("text", sms.text());
        form.put("type", TextEncoding.UCS_2.label().equals(sms.encoding()) ? "unicode" : "text");
        // our id travels with the message: Vonage echoes client-ref in every receipt (signed with it)
        form.put("client-ref", sms.messageId());
        callbackUrl.ifPresent(url -> {
            form.put("status-report-req", "1");
            form.put("callback", url + "?message_id=" + URLEncoder.encode(sms.messageId(), StandardCharsets.UTF_8));
        });
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
