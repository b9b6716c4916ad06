package io.hookpoint.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the user list of {@code HOOKPOINT_USERS}: comma-separated {@code login:hash} entries, the hash
 * as printed by {@code hash-password}.
 */
public final class UserEntries {
    private UserEntries() {
    }

    /**
     * Parses the list.
     *
     * @param entries {@code login:hash[,login:hash...]}; blanks around entries are ignored
     * @return login -> hash, in the order given
     * @throws IllegalArgumentException naming the entry that is wrong (never echoing a hash)
     */
    public static Map<String, PasswordHash> parse(String entries) {
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        int position = 0;
        for (String entry : entries.split(",")) {
            position++;
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("User entry " + position + " must be login:hash");
            }
            String login = trimmed.substring(0, colon);
            if (!login.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException("User entry " + position
                        + ": a login is printable ASCII without spaces");
            }
            if (users.containsKey(login)) {
                throw new IllegalArgumentException("User '" + login + "' is listed twice");
            }
            try {
                users.put(login, PasswordHash.parse(trimmed.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("User '" + login + "': " + e.getMessage(), e);
            }
        }
        return users;
    }
}
