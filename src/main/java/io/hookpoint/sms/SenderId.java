package io.hookpoint.sms;

import java.util.regex.Pattern;

/**
 * The sender shown to the recipient: an alphanumeric id of at most 11 characters (letters, digits and
 * spaces, at least one letter), or a phone number of at most 15 digits with an optional {@code +}.
 */
public final class SenderId {
    private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    private static final Pattern NUMERIC = Pattern.compile("\\+?[0-9]{1,15}");

    private SenderId() {
    }

    /**
     * Whether a sender id can be used.
     *
     * @param sender the sender id
     * @return true when it follows the rules above
     */
    public static boolean isValid(String sender) {
        return ALPHANUMERIC.matcher(sender).matches() || NUMERIC.matcher(sender).matches();
    }
}
