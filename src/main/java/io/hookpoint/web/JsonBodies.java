package io.hookpoint.web;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.bind.config.PropertyOrderStrategy;

/**
 * JSON in and out. Requests are read as a tree (JSON-P), strictly: UTF-8 only, duplicate keys
 * rejected. Answers are the contract's generated models written by JSON-B with the contract's
 * snake_case names.
 */
public final class JsonBodies {
    /**
     * The JSON-P provider, looked up once: every {@code Json.createXxx} call would look it up again
     * through the ServiceLoader, which shows on the request path.
     */
    public static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            // a fixed order, so equal answers are equal bytes
            .withPropertyOrderStrategy(PropertyOrderStrategy.LEXICOGRAPHICAL));

    private JsonBodies() {
    }

    /** A body that is not one well-formed JSON document in UTF-8. */
    public static final class MalformedJsonException extends Exception {
        MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Parses a request body.
     *
     * @param body the raw bytes
     * @return the JSON value (any type)
     * @throws MalformedJsonException when the bytes are not UTF-8 or not one JSON value
     */
    public static JsonValue parse(byte[] body) throws MalformedJsonException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("Request body is not valid UTF-8.", e);
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new MalformedJsonException("Request body is empty.", null);
            }
            JsonValue value = readValue(parser, parser.next());
            if (parser.hasNext()) {
                throw new MalformedJsonException("Request body holds more than one JSON value.", null);
            }
            return value;
        } catch (RuntimeException e) {
            // JsonException and its kin, and Parsson's limits: nesting deeper than 1000 (a plain
            // RuntimeException), numbers longer than 1100 characters (UnsupportedOperationException)
            throw new MalformedJsonException("Request body is not valid JSON.", e);
        }
    }

    // builds the tree from parser events so that a key given twice is caught, not silently overwritten
    private static JsonValue readValue(JsonParser parser, JsonParser.Event event) throws MalformedJsonException {
        switch (event) {
        case START_OBJECT -> {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            Set<String> names = new HashSet<>();
            for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                String name = parser.getString();
                if (!names.add(name)) {
                    throw new MalformedJsonException("Request body has the key '" + name + "' twice.", null);
                }
                object.add(name, readValue(parser, parser.next()));
            }
            return object.build();
        }
        case START_ARRAY -> {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_ARRAY; next = parser.next()) {
                array.add(readValue(parser, next));
            }
            return array.build();
        }
        default -> {
            return parser.getValue();
        }
        }
    }

    /**
     * Writes a generated model as JSON.
     *
     * @param model the model
     * @return UTF-8 bytes
     */
    public static byte[] write(Object model) {
        return JSONB.toJson(model).getBytes(StandardCharsets.UTF_8);
    }
}
