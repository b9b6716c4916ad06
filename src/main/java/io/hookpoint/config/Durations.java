package io.hookpoint.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/**
 * Reads a duration setting: ISO-8601 ({@code PT5S}, {@code PT10M}, {@code P30D}), as {@code application.yaml}
 * writes them, or the short form operators type ({@code 500ms}, {@code 5s}, {@code 10m}, {@code 72h},
 * {@code 30d}; {@code m} is minutes). Anything else is refused with both forms named.
 */
public final class Durations {
    /** What a duration setting expects, for messages. */
    public static final String EXPECTED = "a duration: ISO-8601 such as PT5S, PT10M, P30D, or 500ms, 5s, 10m, 72h, 30d";
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Reads a duration key (Helidon's mapper for {@link Duration}, so Helidon's own keys take both forms too).
     *
     * @param node the key's node
     * @return the duration
     * @throws IllegalArgumentException naming the key, its value and both accepted forms
     */
    public static Duration of(Config node) {
        String text = node.asString().get();
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            // without the cause: its message would only repeat this one
            throw new IllegalArgumentException(node.key() + " is '" + text + "': expected " + EXPECTED);
        }
    }

    /**
     * Parses a duration.
     *
     * @param text {@code PT5S} or {@code 5s}
     * @return the duration
     * @throws IllegalArgumentException naming both accepted forms
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        Matcher shortForm = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED, e);
        }
    }
}
