package io.hookpoint.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads an SMS request body field by field and applies the SMS rules. Every problem found is a
 * problem of this one customer (answered 200 with {@code success:false}), never a reason to reject
 * the request as a whole: that would stop the Bloomreach webhook for everyone.
 */
public final class SmsRequestParser {
    /** Longest accepted value of the optional id and reference fields. */
    public static final int MAX_FIELD_LENGTH = 255;
    /**
     * The most SMS parts a text may be configured to need; the contract's {@code SmsMessage.text}
     * {@code maxLength} (39015, 255 parts of 153 GSM characters) is the longest text this allows.
     */
    public static final int MAX_SEGMENTS = 255;

    private final int maxSegments;

    /**
     * Creates a parser.
     *
     * @param maxSegments how many SMS parts a text may need
     */
    public SmsRequestParser(int maxSegments) {
        if (maxSegments < 1 || maxSegments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("maxSegments must be 1.." + MAX_SEGMENTS + ", is " + maxSegments);
        }
        this.maxSegments = maxSegments;
    }

    /**
     * The result of parsing: a draft when the request can be sent, else the problems.
     *
     * @param draft    the valid request, or null
     * @param problems what is wrong, empty when {@code draft} is set
     */
    public record Parsed(SmsDraft draft, List<Problem> problems) {
    }

    /**
     * Parses a request body.
     *
     * @param body the JSON object of the request
     * @return the draft or the problems
     */
    public Parsed parse(JsonObject body) {
        List<Problem> problems = new ArrayList<>();

        String recipient = null;
        Optional<String> to = text(body, "to", false, problems);
        if (to.isPresent() && !to.get().isBlank()) {
            recipient = Recipient.normalize(to.get()).orElse(null);
            if (recipient == null) {
                problems.add(Problem.of(ErrorCode.RECIPIENT_INVALID));
            }
        } else if (!hasWrongType(body, "to")) {
            problems.add(Problem.of(ErrorCode.RECIPIENT_MISSING));
        }

        String text = null;
        SmsText measure = null;
        Optional<String> rawText = text(body, "text", false, problems);
        if (rawText.isPresent() && !rawText.get().isBlank()) {
            text = rawText.get();
            if (SmsText.hasUnsupportedCharacters(text)) {
                problems.add(Problem.of(ErrorCode.TEXT_UNSUPPORTED_CHARACTERS));
            } else {
                measure = SmsText.measure(text);
                if (measure.segments() > maxSegments) {
                    problems.add(new Problem(ErrorCode.TEXT_TOO_LONG,
                            "SMS message too long. Limit is " + measure.encoding().limit(maxSegments)
                                    + " characters."));
                }
            }
        } else if (!hasWrongType(body, "text")) {
            problems.add(Problem.of(ErrorCode.TEXT_MISSING));
        }

        // an optional field that rendered empty is treated as absent
        String sender = text(body, "sender", false, problems).filter(s -> !s.isEmpty()).orElse(null);
        if (sender != null && !SenderId.isValid(sender)) {
            problems.add(new Problem(ErrorCode.SENDER_INVALID,
                    "Sender id is invalid: use up to 11 letters, digits and spaces, or a phone number."));
        }

        String customerId = identifier(body, "customer_id", "customer_id", problems);
        String reference = identifier(body, "reference", "reference", problems);
        String scenarioId = null;
        String actionId = null;
        JsonValue campaign = body.get("campaign");
        if (campaign != null && campaign.getValueType() == JsonValue.ValueType.OBJECT) {
            scenarioId = identifier(campaign.asJsonObject(), "scenario_id", "campaign.scenario_id", problems);
            actionId = identifier(campaign.asJsonObject(), "action_id", "campaign.action_id", problems);
        } else if (campaign != null && campaign.getValueType() != JsonValue.ValueType.NULL) {
            problems.add(wrongType("campaign", "an object"));
        }

        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new SmsDraft(recipient, text, measure, sender, customerId, scenarioId, actionId, reference),
                List.of());
    }

    private static String identifier(JsonObject object, String name, String path, List<Problem> problems) {
        Optional<String> value = text(object, name, true, problems, path);
        if (value.isPresent() && value.get().length() > MAX_FIELD_LENGTH) {
            problems.add(new Problem(ErrorCode.FIELD_TOO_LONG,
                    "Field '" + path + "' is too long. Limit is " + MAX_FIELD_LENGTH + " characters."));
            return null;
        }
        return value.filter(s -> !s.isEmpty()).orElse(null);
    }

    private static Optional<String> text(JsonObject object, String name, boolean numbersAllowed,
                                         List<Problem> problems) {
        return text(object, name, numbersAllowed, problems, name);
    }

    // absent and null are "not given"; a number is accepted where an id may render as one
    private static Optional<String> text(JsonObject object, String name, boolean numbersAllowed,
                                         List<Problem> problems, String path) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() == JsonValue.ValueType.STRING) {
            return Optional.of(((JsonString) value).getString());
        }
        if (numbersAllowed && value.getValueType() == JsonValue.ValueType.NUMBER) {
            return Optional.of(value.toString());
        }
        problems.add(wrongType(path, numbersAllowed ? "a string or a number" : "a string"));
        return Optional.empty();
    }

    private static boolean hasWrongType(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value != null
                && value.getValueType() != JsonValue.ValueType.NULL
                && value.getValueType() != JsonValue.ValueType.STRING;
    }

    private static Problem wrongType(String path, String expected) {
        return new Problem(ErrorCode.FIELD_WRONG_TYPE, "Field '" + path + "' must be " + expected + ".");
    }
}
