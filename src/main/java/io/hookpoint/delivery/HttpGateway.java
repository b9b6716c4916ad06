package io.hookpoint.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.hookpoint.sms.StoredSms;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A generic JSON provider: {@code POST url} with the message, its id in the body and in
 * {@code Idempotency-Key} so that the provider can drop a repeat, and an optional credentials header.
 * 2xx is sent; 429 throttles the provider lane (honouring {@code Retry-After}); 5xx, a timeout or a
 * connection error may pass and is retried; any other answer is a permanent refusal. Connections are
 * kept alive and shared by all the calls in flight. With a public URL configured the body names
 * {@code callback_url}, where the adapter reports delivery; a 2xx body may name the provider's id, parts
 * and price ({@code provider_message_id}, {@code segments}, {@code price}, {@code currency}), which are kept.
 */
public final class HttpGateway implements SmsGateway {
    /** The provider name of this gateway, in stored messages and in its callback path. */
    public static final String PROVIDER = "http";
    private static final int REASON_LIMIT = 500;

    private final URI url;
    private final Optional<String> authHeader;
    private final Optional<String> authValue;
    private final Duration readTimeout;
    private final Optional<URI> callbackUrl;
    private final HttpClient client;

    /**
     * Creates the gateway.
     *
     * @param url            the provider's endpoint
     * @param authHeader     name of the credentials header (e.g. {@code Authorization}), or empty
     * @param authValue      its value (e.g. {@code Bearer ...}), or empty
     * @param connectTimeout longest wait for a connection
     * @param readTimeout    longest wait for the answer
     */
    public HttpGateway(URI url, Optional<String> authHeader, Optional<String> authValue, Duration connectTimeout,
                       Duration readTimeout) {
        this(url, authHeader, authValue, connectTimeout, readTimeout, Optional.empty());
    }

    /**
     * Creates the gateway, telling the adapter where to report delivery.
     *
     * @param url            the provider's endpoint
     * @param authHeader     name of the credentials header (e.g. {@code Authorization}), or empty
     * @param authValue      its value (e.g. {@code Bearer ...}), or empty
     * @param connectTimeout longest wait for a connection
     * @param readTimeout    longest wait for the answer
     * @param callbackUrl    where the adapter posts delivery reports, or empty
     */
    public HttpGateway(URI url, Optional<String> authHeader, Optional<String> authValue, Duration connectTimeout,
                       Duration readTimeout, Optional<URI> callbackUrl) {
        this.url = url;
        this.callbackUrl = callbackUrl;
        this.authHeader = authHeader;
        this.authValue = authValue;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // plain http: HTTP/1.1 at once, kept-alive connections, no h2c upgrade on each new one;
                // https negotiates HTTP/2 (many calls on one connection) where the provider offers it
                .version("http".equalsIgnoreCase(url.getScheme()) ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public DeliveryResult send(StoredSms sms) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", sms.messageId())
                .POST(HttpRequest.BodyPublishers.ofString(body(sms)));
        if (authHeader.isPresent() && authValue.isPresent()) {
            request.header(authHeader.get(), authValue.get());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return sent(response.body());
            }
            String reason = "provider answered " + status + ": " + shorten(response.body());
            if (status == 429) {
                return new DeliveryResult.RetryLater(reason,
                        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
            }
            if (status >= 500) {
                return new DeliveryResult.Failed(reason);
            }
            return new DeliveryResult.Rejected(reason, PROVIDER, null);
        } catch (HttpTimeoutException e) {
            return new DeliveryResult.Failed("provider timed out: " + e.getMessage());
        } catch (IOException e) {
            return new DeliveryResult.Failed("provider unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Failed("interrupted while sending (shutting down)");
        }
    }

    // what the adapter said about the message; an answer that says nothing (or is not JSON) is still "sent"
    private static DeliveryResult.Sent sent(String answer) {
        JsonObject said;
        try {
            JsonValue value = JsonBodies.parse(answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8));
            if (!(value instanceof JsonObject object)) {
                return new DeliveryResult.Sent(PROVIDER, null, null, null, null);
            }
            said = object;
        } catch (JsonBodies.MalformedJsonException e) {
            return new DeliveryResult.Sent(PROVIDER, null, null, null, null);
        }
        Integer segments = said.get("segments") instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0
                && n.longValue() <= Integer.MAX_VALUE ? n.intValue() : null;
        String price = string(said, "price");
        String currency = string(said, "currency");
        return new DeliveryResult.Sent(PROVIDER, string(said, "provider_message_id"), segments,
                price != null && price.matches("-?[0-9]{1,18}(\\.[0-9]{1,18})?") ? price : null,
                currency != null && currency.matches("[A-Z]{3}") ? currency : null);
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s && !s.getString().isEmpty() && s.getString().length() <= 1024
                ? s.getString() : null;
    }

    private String body(StoredSms sms) {
        JsonObjectBuilder body = JsonBodies.JSON.createObjectBuilder()
                .add("message_id", sms.messageId())
                .add("to", sms.recipient())
                .add("text", sms.text())
                .add("encoding", sms.encoding())
                .add("segments", sms.segments());
        if (sms.sender() != null) {
            body.add("sender", sms.sender());
        }
        if (sms.reference() != null) {
            body.add("reference", sms.reference());
        }
        callbackUrl.ifPresent(callback -> body.add("callback_url", callback.toString()));
        return body.build().toString();
    }

    private static String shorten(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= REASON_LIMIT ? oneLine : oneLine.substring(0, REASON_LIMIT) + "…";
    }
}
