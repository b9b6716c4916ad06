package io.hookpoint.lab;

import java.io.StringReader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** The stubs' small codecs: URL-encoded forms both ways, a JSON object read. */
final class Forms {
    private Forms() {
    }

    static Map<String, String> decode(String form) {
        Map<String, String> decoded = new LinkedHashMap<>();
        if (form == null) {
            return decoded;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                decoded.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return decoded;
    }

    static byte[] encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object, or an empty one when the body is not one. */
    static JsonObject json(byte[] body) {
        try (JsonReader reader = JsonBodies.JSON.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return JsonObject.EMPTY_JSON_OBJECT;
        }
    }

    /** The value of a query parameter of a URL, or null. */
    static String query(java.net.URI url, String name) {
        return decode(url.getRawQuery()).get(name);
    }
}
