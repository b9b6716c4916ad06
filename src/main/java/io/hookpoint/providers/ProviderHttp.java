package io.hookpoint.providers;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.tls.SslContexts;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What every provider adapter needs to call its API and read the answer: one JDK client (HTTP/2,
 * kept-alive connections, no redirects, no retries of its own) that may trust a given PEM instead of the
 * JVM's certificates, and lenient readers of JSON answers (a provider's odd answer is classified, never
 * a crash).
 */
public final class ProviderHttp {
    private static final int REASON_LIMIT = 300;
    private static final int TEXT_LIMIT = 1024;

    /** How long the lane waits after the provider refused our account, before it tries again. */
    public static final Duration ACCOUNT_WAIT = Duration.ofMinutes(1);

    private ProviderHttp() {
    }

    /**
     * The provider refused our account, not the message (wrong credentials, a wrong account address, no
     * credit left): every message would fail the same way, so none is failed for it; the whole lane waits
     * a minute and tries again until the operator fixes it (the messages keep their place, up to
     * {@code HOOKPOINT_DELIVERY_EXPIRE}; the throttle metric counts the waits).
     *
     * @param reason what the provider said, with the settings to check
     * @return the result for the dispatcher
     */
    public static DeliveryResult accountRefused(String reason) {
        return new DeliveryResult.RetryLater(reason + "; every send waits until this is fixed",
                Optional.of(ACCOUNT_WAIT));
    }

    /**
     * An answer we did not expect from the provider's documentation (an odd 4xx, a 3xx): tried again a
     * bounded number of times ({@code HOOKPOINT_DELIVERY_ATTEMPTS}), then failed with the raw status kept.
     *
     * @param reason what the provider said
     * @return the result for the dispatcher
     */
    public static DeliveryResult undocumented(String reason) {
        return new DeliveryResult.Failed(reason + " (an answer the provider does not document: tried again a few"
                + " times)");
    }

    /**
     * Whether a 5xx means the request may have reached the provider and the answer was lost: a gateway
     * in front of the provider timed out (504) or lost its connection to it (502).
     *
     * @param status the HTTP status
     * @return true for 502 and 504
     */
    public static boolean answerMayBeLost(int status) {
        return status == 502 || status == 504;
    }

    /**
     * The client of one provider.
     *
     * @param connectTimeout longest wait for a connection
     * @param trust          a PEM file of certificates to trust instead of the JVM's, or empty
     * @param trustSetting   the variable that names the PEM, for the start-up error
     * @return the client
     * @throws IllegalArgumentException when the PEM cannot be read
     */
    public static HttpClient client(Duration connectTimeout, Optional<Path> trust, String trustSetting) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER);
        trust.ifPresent(pem -> builder.sslContext(trusting(pem, trustSetting)));
        return builder.build();
    }

    /**
     * A body as a JSON object.
     *
     * @param body the body, possibly null, empty or not JSON
     * @return the object, or an empty one when the body is not a JSON object
     */
    public static JsonObject object(String body) {
        try {
            JsonValue value = JsonBodies.parse(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            return value instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        } catch (JsonBodies.MalformedJsonException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /**
     * A member as text: a non-blank string of at most 1,024 characters, or a number as written.
     *
     * @param json the object
     * @param name the member
     * @return the text, or null when absent, blank, too long or of another type
     */
    public static String text(JsonObject json, String name) {
        JsonValue value = json == null ? null : json.get(name);
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        return value instanceof JsonString s && !s.getString().isBlank() && s.getString().length() <= TEXT_LIMIT
                ? s.getString() : null;
    }

    /**
     * A text in one line and at most 300 characters, for an error message.
     *
     * @param text the text, or null
     * @return the shortened text, empty for null
     */
    public static String shortened(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= REASON_LIMIT ? oneLine : oneLine.substring(0, REASON_LIMIT) + "…";
    }

    /** Reads one answer that came: the provider's answer table. */
    @FunctionalInterface
    public interface AnswerTable {
        /**
         * Classifies an answer.
         *
         * @param status     the HTTP status
         * @param body       the body, possibly empty
         * @param retryAfter the {@code Retry-After} header, or null
         * @param now        the time now (for an HTTP-date {@code Retry-After})
         * @return the result for the dispatcher
         */
        DeliveryResult classify(int status, String body, String retryAfter, Instant now);
    }

    /**
     * Makes one send call and reads what came of it, the same way for every adapter: no connection made
     * (nothing sent) is tried again; a call that went out and got no answer is {@code lost}'s to say; an
     * answer is the provider's table's to read.
     *
     * @param client  the provider's client
     * @param request the send
     * @param name    the provider as people write it ({@code Twilio}), for the reasons
     * @param table   the provider's answer table
     * @param lost    what a call whose answer never came means for this provider
     * @return the result for the dispatcher
     */
    public static DeliveryResult send(HttpClient client, HttpRequest request, String name, AnswerTable table,
                                      Function<IOException, DeliveryResult> lost) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new DeliveryResult.Failed(name + " unreachable (nothing sent): " + e);
        } catch (IOException e) {
            return lost.apply(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Failed("interrupted while sending (shutting down)");
        }
        return table.classify(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null), Instant.now());
    }

    /**
     * A lost answer for a provider that cannot recognise a repeat: the message is not sent again.
     *
     * @param name     the provider as people write it
     * @param provider the provider's id
     * @return what a lost answer means
     */
    public static Function<IOException, DeliveryResult> notSentAgain(String name, String provider) {
        return e -> new DeliveryResult.Unknown(name + "'s answer did not come (" + e + "): the message may have been"
                + " sent; not sent again, " + name + " takes no idempotency key", provider);
    }

    private static SSLContext trusting(Path pem, String trustSetting) {
        try {
            return SslContexts.trusting(pem);
        } catch (java.io.UncheckedIOException | IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(trustSetting + ": cannot read certificates from " + pem + ": "
                    + e.getMessage(), e);
        }
    }
}
