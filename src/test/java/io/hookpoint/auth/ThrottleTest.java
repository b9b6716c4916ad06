package io.hookpoint.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed authentications are throttled per client address; clients with good credentials are not. */
class ThrottleTest {

    @Test
    void afterTheThresholdFailuresAre429ButAcceptedCredentialsStillPass() throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of(
                "hookpoint.auth.failures", "3", "hookpoint.auth.window", "PT1.5S"))) {
            WebServer server = hookpoint.start();
            HttpsClient good = hookpoint.client(server.port());
            HttpsClient attacker = good.withCredentials(TestHookpoint.USER, "guess");
            assertThat(good.get("/api/v1/auth/check").status()).isEqualTo(200);

            for (int i = 0; i < 3; i++) {
                assertThat(attacker.withCredentials(TestHookpoint.USER, "guess-" + i).get("/api/v1/auth/check").status())
                        .isEqualTo(401);
            }
            Reply throttled = attacker.get("/api/v1/auth/check");
            Reply goodMeanwhile = good.sendSms("throttle-1", "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");

            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.header("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 2));
            assertThat(throttled.errorCodes()).containsExactly(ErrorCode.AUTHENTICATION_THROTTLED.code());
            assertThat(throttled.header("WWW-Authenticate")).isEmpty();
            assertThat(BloomreachSender.react(throttled.status())).isEqualTo(BloomreachReaction.RETRY);
            assertThat(goodMeanwhile.status()).as("accepted credentials are not throttled").isEqualTo(200);

            Thread.sleep(1_600);
            assertThat(attacker.get("/api/v1/auth/check").status()).as("the window has passed").isEqualTo(401);
        }
    }

    @Test
    void theThrottleForgetsTheLeastRecentAddressesFirst() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        FailedAuthThrottle throttle = new FailedAuthThrottle(2, Duration.ofMinutes(1), Clock.fixed(now, ZoneOffset.UTC));
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        for (int i = 0; i < 20_000; i++) {
            throttle.failed("192.0.2." + i);
        }

        assertThat(throttle.size()).isLessThanOrEqualTo(10_000);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        throttle.failed("198.51.100.7");
        throttle.failed("198.51.100.7");
        assertThat(throttle.retryAfterSeconds("198.51.100.7")).isEqualTo(60);
    }
}
