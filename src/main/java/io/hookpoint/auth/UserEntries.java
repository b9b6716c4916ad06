package io.hookpoint.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the user list of {@code HOOKPOINT_USERS}: comma-separated {@code login:hash[:role]} entries, the hash
 * as printed by {@code hash-password} (it has no {@code :}), the role {@code admin} or {@code sender} (the
 * default).
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
            String rest = trimmed.substring(colon + 1);
            int role = rest.indexOf(':');
            try {
                if (role >= 0) {
                    Role.named(rest.substring(role + 1));
                }
                users.put(login, PasswordHash.parse(role < 0 ? rest : rest.substring(0, role)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("User '" + login + "': " + e.getMessage(), e);
            }
        }
        return users;
    }

    /**
     * The roles of the list's users.
     *
     * @param entries {@code login:hash[:role][,...]}, as {@link #parse} takes it
     * @return login -> role, {@link Role#SENDER} when an entry names none
     * @throws IllegalArgumentException when {@link #parse} would
     */
    public static Map<String, Role> roles(String entries) {
        Map<String, Role> roles = new LinkedHashMap<>();
        parse(entries);
        for (String entry : entries.split(",")) {
            String[] parts = entry.strip().split(":", 3);
            if (parts.length >= 2) {
                roles.put(parts[0], parts.length == 3 ? Role.named(parts[2]) : Role.SENDER);
            }
        }
        return roles;
    }
}
