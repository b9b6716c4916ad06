package io.hookpoint.bloomreach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.hookpoint.delivery.RetryAfter;
import io.hookpoint.providers.ProviderHttp;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Bloomreach's Tracking API batch call: {@code POST {api}/track/v2/projects/{token}/batch} with up to 50
 * commands, Basic credentials of a private API key, and the per-command results read one by one. The JDK
 * client makes no retries of its own: the exporter decides.
 */
final class TrackingApi {
    /** The most commands Bloomreach takes in one batch. */
    static final int MAX_COMMANDS = 50;

    /** What a batch call came to. */
    sealed interface Answer {
    }

    /**
     * Bloomreach read the batch: one result per command, in the commands' order.
     *
     * @param results per command, empty when it succeeded, else Bloomreach's reason
     */
    record Results(List<Optional<String>> results) implements Answer {
    }

    /**
     * The call may pass later (429, 5xx, 401/403/404, a timeout, no connection): every command is tried again.
     *
     * @param reason what happened
     * @param after  how long Bloomreach asked to wait, or empty
     */
    record TryAgain(String reason, Optional<Duration> after) implements Answer {
    }

    /**
     * Bloomreach refused the batch as a whole (400): none of it will ever pass.
     *
     * @param reason what Bloomreach said
     */
    record Refused(String reason) implements Answer {
    }

    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient client;

    TrackingApi(BloomreachSettings settings) {
        this.endpoint = URI.create(settings.apiUrl().orElseThrow() + "/track/v2/projects/" + settings.projectToken()
                + "/batch");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.keyId() + ":" + settings.secret()).getBytes(StandardCharsets.UTF_8));
        this.timeout = settings.timeout();
        this.client = ProviderHttp.client(settings.timeout(), settings.trust(), "HOOKPOINT_BLOOMREACH_TRUST");
    }

    /**
     * Sends one batch.
     *
     * @param commands the commands, at most {@value #MAX_COMMANDS}
     * @return what came of it
     */
    Answer send(List<JsonObject> commands) {
        JsonArrayBuilder array = JsonBodies.JSON.createArrayBuilder();
        commands.forEach(array::add);
        String body = JsonBodies.JSON.createObjectBuilder().add("commands", array).build().toString();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new TryAgain("Bloomreach did not answer: " + e, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TryAgain("interrupted (shutting down)", Optional.empty());
        }
        return read(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null),
                commands.size());
    }

    /**
     * Reads an answer.
     *
     * @param status     the HTTP status
     * @param body       the body
     * @param retryAfter the {@code Retry-After} header, or null
     * @param commands   how many commands were sent
     * @return what it means
     */
    static Answer read(int status, String body, String retryAfter, int commands) {
        String said = "Bloomreach answered " + status + (body == null || body.isBlank() ? ""
                : ": " + ProviderHttp.shortened(body));
        if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 404 || status == 408) {
            // 401/403: a key without the permission or a wrong one; 404: a wrong project token or API URL (the
            // path names the project). Each is the operator's to fix, for every event alike, so all are tried
            // again rather than failed for good
            return new TryAgain(said, RetryAfter.parse(retryAfter, Instant.now()));
        }
        if (status < 200 || status >= 300) {
            return new Refused(said);
        }
        JsonObject json = ProviderHttp.object(body);
        if (!(json.get("results") instanceof JsonArray results) || results.size() != commands) {
            // a 2xx we cannot read per command: nothing is known, so everything is tried again
            return new TryAgain("Bloomreach's answer has no result per command: " + ProviderHttp.shortened(body),
                    Optional.empty());
        }
        List<Optional<String>> each = new ArrayList<>(commands);
        for (JsonValue result : results) {
            each.add(result instanceof JsonObject r && r.get("success") == JsonValue.TRUE ? Optional.empty()
                    : Optional.of(reason(result)));
        }
        return new Results(each);
    }

    private static String reason(JsonValue result) {
        if (result instanceof JsonObject r) {
            for (String name : List.of("errors", "error", "message")) {
                JsonValue value = r.get(name);
                if (value instanceof JsonString s) {
                    return ProviderHttp.shortened(s.getString());
                }
                if (value != null && value != JsonValue.NULL) {
                    return ProviderHttp.shortened(value.toString());
                }
            }
        }
        return "Bloomreach answered the command without success: " + ProviderHttp.shortened(String.valueOf(result));
    }
}
