package io.hookpoint.sms;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recipient phone number in E.164 form: {@code +}, a country code that does not start with 0, and
 * 8 to 15 digits in all. Spaces, dashes, dots and parentheses that a customer profile often holds
 * ({@code +420 777-123 456}) are removed, and an international {@code 00} prefix becomes {@code +}.
 */
public final class Recipient {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()]");

    private Recipient() {
    }

    /**
     * Normalizes a phone number.
     *
     * @param raw the number as the request carried it
     * @return the E.164 form, or empty when the number is not valid
     */
    public static Optional<String> normalize(String raw) {
        String compact = SEPARATORS.matcher(raw).replaceAll("");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        return E164.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
    }
}
