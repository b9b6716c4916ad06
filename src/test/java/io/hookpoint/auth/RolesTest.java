package io.hookpoint.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code HOOKPOINT_USERS} entries with a role: {@code login:hash:admin}, {@code :sender}, or none (a sender). */
class RolesTest {
    private static final String HASH = PasswordHash.create("a-long-password".toCharArray(), 1_000).encoded();

    @Test
    void anEntryNamesItsRoleOrIsASender() {
        String entries = "bloomreach:" + HASH + ", ops:" + HASH + ":admin,partner:" + HASH + ":SENDER";

        assertThat(UserEntries.parse(entries)).containsOnlyKeys("bloomreach", "ops", "partner");
        assertThat(UserEntries.roles(entries)).isEqualTo(Map.of("bloomreach", Role.SENDER, "ops", Role.ADMIN,
                "partner", Role.SENDER));
    }

    @Test
    void anUnknownRoleStopsTheStartNamingTheUser() {
        assertThatThrownBy(() -> UserEntries.parse("ops:" + HASH + ":root"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ops'").hasMessageContaining("admin or sender")
                .hasMessageNotContaining(HASH);
    }
}
