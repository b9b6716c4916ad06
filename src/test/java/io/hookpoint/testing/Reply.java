package io.hookpoint.testing;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
