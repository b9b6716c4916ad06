package io.hookpoint.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.idempotency.IdempotencyKey;
import io.hookpoint.testing.FuzzSeeds;
import io.hookpoint.web.Answers;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the two header parsers: {@code Authorization} (through Helidon's Basic provider and
 * our user store) and {@code Idempotency-Key}. Saved inputs replay in {@code make test}. The targets take
 * {@code byte[]} (delivered as the file's bytes) and read them as a header value, one byte per character
 * (ISO-8859-1), the way HTTP carries header bytes; {@link #afterAll()} proves each saved input arrived
 * unchanged and reached the branch named for it.
 */
class AuthorizationFuzzTest {
    private static final BasicAuthentication AUTHENTICATION = new BasicAuthentication(
            new HashedUserStore(Map.of("alice", PasswordHash.create("s3cret".toCharArray(), 1_000))),
            new FailedAuthThrottle(1_000_000, Duration.ofMinutes(1), Clock.systemUTC()),
            new Answers(5));
    private static final FuzzSeeds SEEDS = new FuzzSeeds(AuthorizationFuzzTest.class);
    private static final Map<String, Map<String, Object>> EXPECTED = Map.of(
            "authorizationHeader", Map.of("valid", Outcome.LET_IN, "not-base64", Outcome.REFUSED),
            "idempotencyKey", Map.of("space", Outcome.REFUSED, "printable", Outcome.LET_IN));

    /** Which way a header went; both are checked. */
    enum Outcome { LET_IN, REFUSED }

    /** Any header value: no exception, and only the one right credential gets in. */
    @FuzzTest(maxDuration = "60s")
    void authorizationHeader(byte[] header) {
        SEEDS.record("authorizationHeader", header, checkAuthorization(header));
    }

    /** Any header value: accepted exactly when it is 1..255 printable ASCII characters. */
    @FuzzTest(maxDuration = "60s")
    void idempotencyKey(byte[] value) {
        SEEDS.record("idempotencyKey", value, checkIdempotencyKey(value));
    }

    @AfterAll
    static void afterAll() {
        SEEDS.assertSavedInputsReached(EXPECTED, null);
    }

    /** The same saved inputs, replayed without Jazzer through the same checks, go the way named for them. */
    @Test
    void savedInputsReachTheirAssertions() {
        EXPECTED.forEach((target, outcomes) -> {
            Map<String, byte[]> saved = FuzzSeeds.saved(AuthorizationFuzzTest.class, target);
            assertThat(saved).containsKeys(outcomes.keySet().toArray(String[]::new));
            outcomes.forEach((name, outcome) -> assertThat(target.equals("idempotencyKey")
                    ? checkIdempotencyKey(saved.get(name)) : checkAuthorization(saved.get(name)))
                    .as(target + "/" + name).isEqualTo(outcome));
        });
    }

    @Test
    void anAbsentIdempotencyKeyIsRefused() {
        assertThat(IdempotencyKey.validate(null)).isEmpty();
    }

    static Outcome checkAuthorization(byte[] bytes) {
        String header = new String(bytes, StandardCharsets.ISO_8859_1);
        Optional<String> login = AUTHENTICATION.authenticate(header);
        if (login.isEmpty()) {
            return Outcome.REFUSED;
        }
        // only the right credential gets in
        assertThat(login).contains("alice");
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("alice:s3cret");
        return Outcome.LET_IN;
    }

    static Outcome checkIdempotencyKey(byte[] bytes) {
        String value = new String(bytes, StandardCharsets.ISO_8859_1);
        boolean expected = !value.isEmpty() && value.length() <= 255
                && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
        boolean accepted = IdempotencyKey.validate(value).isPresent();
        assertThat(accepted).as("accepted").isEqualTo(expected);
        return accepted ? Outcome.LET_IN : Outcome.REFUSED;
    }
}
