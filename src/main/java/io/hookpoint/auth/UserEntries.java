package io.hookpoint.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads user lists: {@code HOOKPOINT_USERS} (comma-separated {@code login:hash[:role]} entries) and the file of
 * {@code HOOKPOINT_USERS_FILE} (one entry a line, {@code #} comments and blank lines allowed); the hash as
 * printed by {@code hash-password} (it has no {@code :}), the role {@code admin} or {@code sender} (the default).
 */
public final class UserEntries {
    private UserEntries() {
    }

    /**
     * The users of a list and their roles.
     *
     * @param hashes login -> hash, in the order given
     * @param roles  login -> role, {@link Role#SENDER} when an entry names none
     */
    public record Users(Map<String, PasswordHash> hashes, Map<String, Role> roles) {
        /** Copies the maps. */
        public Users {
            hashes = Map.copyOf(hashes);
            roles = Map.copyOf(roles);
        }
    }

    /**
     * Parses the list.
     *
     * @param entries {@code login:hash[,login:hash...]}; blanks around entries are ignored
     * @return login -> hash, in the order given
     * @throws IllegalArgumentException naming the entry that is wrong (never echoing a hash)
     */
    public static Map<String, PasswordHash> parse(String entries) {
        return read(entries.split(","), "User entry ", false).hashes();
    }

    /**
     * The roles of the list's users.
     *
     * @param entries {@code login:hash[:role][,...]}, as {@link #parse} takes it
     * @return login -> role, {@link Role#SENDER} when an entry names none
     * @throws IllegalArgumentException when {@link #parse} would
     */
    public static Map<String, Role> roles(String entries) {
        return read(entries.split(","), "User entry ", false).roles();
    }

    /**
     * Parses a comma-separated list with its roles.
     *
     * @param entries {@code login:hash[:role][,...]}
     * @return the users
     * @throws IllegalArgumentException naming the entry that is wrong (never echoing a hash)
     */
    public static Users users(String entries) {
        return read(entries.split(","), "User entry ", false);
    }

    /**
     * Parses the text of a users file: one {@code login:hash[:role]} a line; blank lines and lines starting
     * with {@code #} are skipped.
     *
     * @param text the file's content
     * @return the users
     * @throws IllegalArgumentException naming the line that is wrong (never echoing a hash), or when the file
     *                                  lists nobody
     */
    public static Users lines(String text) {
        Users users = read(text.split("\\R", -1), "line ", true);
        if (users.hashes().isEmpty()) {
            throw new IllegalArgumentException("lists no user (one login:hash[:role] a line is needed)");
        }
        return users;
    }

    private static Users read(String[] entries, String label, boolean comments) {
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        Map<String, Role> roles = new LinkedHashMap<>();
        int position = 0;
        for (String entry : entries) {
            position++;
            String trimmed = entry.strip();
            if (trimmed.isEmpty() || comments && trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(capitalised(label) + position + " must be login:hash");
            }
            String login = trimmed.substring(0, colon);
            if (!login.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException(capitalised(label) + position
                        + ": a login is printable ASCII without spaces");
            }
            if (users.containsKey(login)) {
                throw new IllegalArgumentException("User '" + login + "' is listed twice");
            }
            String rest = trimmed.substring(colon + 1);
            int role = rest.indexOf(':');
            try {
                roles.put(login, role < 0 ? Role.SENDER : Role.named(rest.substring(role + 1)));
                users.put(login, PasswordHash.parse(role < 0 ? rest : rest.substring(0, role)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((comments ? capitalised(label) + position + ": " : "")
                        + "User '" + login + "': " + e.getMessage(), e);
            }
        }
        return new Users(users, roles);
    }

    private static String capitalised(String label) {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }
}
