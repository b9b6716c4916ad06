package io.hookpoint.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A provider's {@code Retry-After} header (RFC 9110): seconds, or an HTTP date; every gateway reads it the
 * same way.
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * Reads a {@code Retry-After} header: seconds, or an HTTP date (RFC 9110).
     *
     * @param value the header, or null
     * @param now   the time now, for a date
     * @return the wait (zero for a date in the past), or empty when absent or unreadable
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            }
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
