package io.hookpoint.idempotency;

import java.util.Optional;

/**
 * The {@code Idempotency-Key} header's rules: 1 to 255 printable ASCII characters (0x21-0x7E). The
 * key identifies one message per authenticated user; Bloomreach sends no id of its own, so the
 * webhook template builds it (scenario, action and customer ids).
 */
public final class IdempotencyKey {
    /** The longest key accepted. */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /**
     * Checks a header value.
     *
     * @param value the header value, or null when the header is absent
     * @return the key, or empty when it breaks the rules
     */
    public static Optional<String> validate(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }
}
