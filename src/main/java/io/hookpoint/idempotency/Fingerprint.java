package io.hookpoint.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A hash of what a request asks for, to tell a true retry from a reuse of its key. Only the fields
 * the endpoint reads count, in a fixed order: unknown fields, key order and white space do not, so a
 * re-rendered template with the same data is still the same request.
 */
public final class Fingerprint {
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Fingerprint() {
    }

    /**
     * Computes a fingerprint.
     *
     * @param body   the request object
     * @param fields the top-level fields that matter, in a fixed order; an object value counts with
     *               its members sorted by name
     * @return hex SHA-256
     */
    public static String of(JsonObject body, List<String> fields) {
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            canonical.append(field).append('=');
            appendCanonical(canonical, body.get(field));
            canonical.append('\n');
        }
        return HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void appendCanonical(StringBuilder out, JsonValue value) {
        if (value == null) {
            out.append("<absent>");
        } else if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            out.append('{');
            value.asJsonObject().keySet().stream().sorted().forEach(name -> {
                out.append(jsonString(name)).append(':');
                appendCanonical(out, value.asJsonObject().get(name));
                out.append(',');
            });
            out.append('}');
        } else {
            out.append(value);
        }
    }

    private static String jsonString(String name) {
        return JsonBodies.JSON.createValue(name).toString();
    }

    // a fresh digest from a prototype: cheaper than a provider look-up per request
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
            }
        }
    }
}
