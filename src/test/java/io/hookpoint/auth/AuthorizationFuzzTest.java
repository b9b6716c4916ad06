package io.hookpoint.auth;

import java.util.Map;

import io.hookpoint.idempotency.IdempotencyKey;
import io.hookpoint.web.Answers;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the two header parsers: {@code Authorization} (through Helidon's Basic provider and
 * our user store) and {@code Idempotency-Key}. Saved inputs replay in {@code make test}.
 */
class AuthorizationFuzzTest {
    private static final BasicAuthentication AUTHENTICATION = new BasicAuthentication(
            new HashedUserStore(Map.of("alice", PasswordHash.create("s3cret".toCharArray(), 1_000))),
            new FailedAuthThrottle(1_000_000, java.time.Duration.ofMinutes(1), java.time.Clock.systemUTC()),
            new Answers(5));

    /** Any header value: no exception, and only the one right credential gets in. */
    @FuzzTest(maxDuration = "60s")
    void authorizationHeader(String header) {
        if (header == null) {
            return; // a header is absent or has a value; Jazzer also tries null
        }
        assertThat(AUTHENTICATION.authenticate(header)).satisfiesAnyOf(
                login -> assertThat(login).isEmpty(),
                login -> assertThat(login).contains("alice"));
        if (AUTHENTICATION.authenticate(header).isPresent()) {
            String decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(decoded).isEqualTo("alice:s3cret");
        }
    }

    /** Any header value: accepted exactly when it is 1..255 printable ASCII characters. */
    @FuzzTest(maxDuration = "60s")
    void idempotencyKey(String value) {
        if (value == null) {
            assertThat(IdempotencyKey.validate(null)).isEmpty();
            return;
        }
        boolean expected = !value.isEmpty() && value.length() <= 255 && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
        assertThat(IdempotencyKey.validate(value).isPresent()).isEqualTo(expected);
    }
}
