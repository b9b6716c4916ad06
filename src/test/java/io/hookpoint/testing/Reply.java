package io.hookpoint.testing;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * An answer received over the wire.
 *
 * @param status  HTTP status
 * @param headers headers, names in lower case
 * @param body    body bytes
 */
public record Reply(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * An answer the JDK's client received.
     *
     * @param response the response
     * @return the answer, header names in lower case
     */
    public static Reply of(HttpResponse<byte[]> response) {
        Map<String, List<String>> lowerCase = new LinkedHashMap<>();
        new TreeMap<>(response.headers().map()).forEach((name, values) ->
                lowerCase.put(name.toLowerCase(Locale.ROOT), values));
        return new Reply(response.statusCode(), lowerCase, response.body());
    }

    /**
     * An answer the JDK's client received, checked against the contract for the request it answers.
     *
     * @param response the response
     * @return the answer
     */
    public static Reply checked(HttpResponse<byte[]> response) {
        Reply reply = of(response);
        String path = response.request().uri().getRawPath()
                + (response.request().uri().getRawQuery() == null ? "" : "?" + response.request().uri().getRawQuery());
        Contract.assertMatches(response.request().method(), path, reply);
        return reply;
    }

    /** The body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object. */
    public JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(text()))) {
            return reader.readObject();
        }
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The codes of the body's {@code errors}. */
    public List<Integer> errorCodes() {
        return json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(error -> error.getInt("code"))
                .toList();
    }

    /** The body's {@code success}. */
    public boolean success() {
        return json().getBoolean("success");
    }
}
