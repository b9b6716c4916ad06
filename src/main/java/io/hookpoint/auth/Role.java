package io.hookpoint.auth;

import java.util.Locale;

/**
 * What a user may do: a sender (Bloomreach's credentials) uses {@code /api/v1}, an admin (an operator) uses
 * {@code /admin/v1}; neither the other's. Kept apart so that credentials pasted into Bloomreach can never
 * change the suppression list, and an operator's credentials are never what sends a campaign.
 */
public enum Role {
    /** Sends SMS: {@code login:hash} or {@code login:hash:sender}. */
    SENDER,
    /** Manages the suppression list: {@code login:hash:admin}. */
    ADMIN;

    /**
     * The role a user entry names.
     *
     * @param name {@code admin} or {@code sender}, any case
     * @return the role
     * @throws IllegalArgumentException for another name
     */
    static Role named(String name) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("a role is admin or sender, is '" + name + "'");
    }

    /** The role's name as written in {@code HOOKPOINT_USERS}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
