package io.hookpoint.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Password hashes, the user list of HOOKPOINT_USERS and the hashed user store. */
class PasswordsAndUsersTest {

    @Test
    void aHashRoundTripsThroughItsWrittenForm() {
        PasswordHash hash = PasswordHash.create("s3cret".toCharArray(), 1_000);
        PasswordHash read = PasswordHash.parse(hash.encoded());

        assertThat(hash.encoded()).startsWith("pbkdf2-sha256.1000.").doesNotContain(":", ",", "$");
        assertThat(read.matches("s3cret".toCharArray())).isTrue();
        assertThat(read.matches("s3creT".toCharArray())).isFalse();
        assertThat(PasswordHash.create("s3cret".toCharArray(), 1_000).encoded())
                .as("salted: the same password hashes differently").isNotEqualTo(hash.encoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-text-password", "pbkdf2-sha256.x.AAAA.AAAA", "pbkdf2-sha256.0.AAAA.AAAA",
            "md5.1000.AAAA.AAAA", "pbkdf2-sha256.1000.***.AAAA"})
    void malformedHashesAreRejected(String encoded) {
        assertThatThrownBy(() -> PasswordHash.parse(encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUserListIsParsed() {
        String a = PasswordHash.create("a".toCharArray(), 1_000).encoded();
        String b = PasswordHash.create("b".toCharArray(), 1_000).encoded();

        Map<String, PasswordHash> users = UserEntries.parse(" alice:" + a + " , bob:" + b + ",");

        assertThat(users).containsOnlyKeys("alice", "bob");
        assertThat(users.get("bob").matches("b".toCharArray())).isTrue();
    }

    @Test
    void userListMistakesNameTheEntryButNeverTheHash() {
        String hash = PasswordHash.create("a".toCharArray(), 1_000).encoded();

        assertThatThrownBy(() -> UserEntries.parse("alice"))
                .hasMessageContaining("entry 1");
        assertThatThrownBy(() -> UserEntries.parse("alice:" + hash + ",alice:" + hash))
                .hasMessageContaining("twice").hasMessageNotContaining(hash);
        assertThatThrownBy(() -> UserEntries.parse("al ice:" + hash)).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> UserEntries.parse("alice:secret")).hasMessageContaining("alice")
                .hasMessageNotContaining("secret");
    }

    @Test
    void theStoreChecksPasswordsAndAlwaysAnswersWithAUser() {
        HashedUserStore store = new HashedUserStore(Map.of("alice", PasswordHash.create("right".toCharArray(), 1_000)));

        assertThat(store.user("alice")).hasValueSatisfying(u -> {
            assertThat(u.isPasswordValid("right".toCharArray())).isTrue();
            assertThat(u.isPasswordValid("right".toCharArray())).as("again, from the verified cache").isTrue();
            assertThat(u.isPasswordValid("wrong".toCharArray())).isFalse();
            assertThat(u.isPasswordValid("wrong".toCharArray())).as("again, from the failure cache").isFalse();
            assertThat(u.isPasswordValid("right".toCharArray())).isTrue();
        });
        // an unknown login is a user too (no early exit) whose password never matches
        assertThat(store.user("mallory")).hasValueSatisfying(u -> {
            assertThat(u.isPasswordValid("right".toCharArray())).isFalse();
            assertThat(u.isPasswordValid("decoy-password-never-matches".toCharArray())).isFalse();
        });
    }

    @Test
    void theVerifiedCacheIsPerUser() {
        HashedUserStore store = new HashedUserStore(Map.of(
                "alice", PasswordHash.create("alice-pw".toCharArray(), 1_000),
                "bob", PasswordHash.create("bob-pw".toCharArray(), 1_000)));

        assertThat(store.user("alice").orElseThrow().isPasswordValid("alice-pw".toCharArray())).isTrue();
        assertThat(store.user("bob").orElseThrow().isPasswordValid("alice-pw".toCharArray())).isFalse();
    }
}
