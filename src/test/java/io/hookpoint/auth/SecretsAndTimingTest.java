package io.hookpoint.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Passwords never reach the logs; known and unknown users take the same time to reject. */
class SecretsAndTimingTest {

    @Test
    void passwordsAndHashesNeverAppearInTheLogs() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(captured, new SimpleFormatter());
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        // everything, at the finest level: no level an operator may raise lets a secret through
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        // the schema's first write at FINEST logging on a cold, loaded JVM needs more than 0.3 s x 2 (it failed so
        // once the start no longer spent a PBKDF2 run before it, while the JIT compilers caught up)
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.db.timeout", "PT2S"))) {
            WebServer server = hookpoint.start();
            HttpsClient client = hookpoint.client(server.port());
            client.get("/api/v1/auth/check");
            client.withCredentials(TestHookpoint.USER, "wrong-secret-XYZ").get("/api/v1/auth/check");
            client.withCredentials("nobody", "another-secret-QRS").get("/api/v1/auth/check");
            client.withAuthorization("Basic !!!not-base64-secret-UVW").get("/api/v1/auth/check");
            client.sendSms("log-1", "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        } finally {
            root.removeHandler(handler);
            root.setLevel(before);
            handler.flush();
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        assertThat(logs).as("something was logged at all").isNotBlank();
        String validHeader = java.util.Base64.getEncoder().encodeToString(
                (TestHookpoint.USER + ":" + TestHookpoint.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(logs).doesNotContain(TestHookpoint.PASSWORD).doesNotContain(validHeader)
                .doesNotContain("wrong-secret-XYZ")
                .doesNotContain("another-secret-QRS").doesNotContain("not-base64-secret-UVW")
                .doesNotContain("pbkdf2-sha256.");
    }

    @Test
    void knownAndUnknownUsersTakeTheSameTimeToReject() {
        HashedUserStore store = new HashedUserStore(Map.of("alice",
                PasswordHash.create("right".toCharArray(), 50_000)));
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // a new wrong password each time: nothing is served from a cache
            char[] first = ("k" + i).toCharArray();
            char[] second = ("u" + i).toCharArray();
            known.add(time(() -> store.user("alice").orElseThrow().isPasswordValid(first)));
            unknown.add(time(() -> store.user("mallory").orElseThrow().isPasswordValid(second)));
        }
        double ratio = (double) median(known) / median(unknown);
        System.out.printf("rejection median: known user %.2f ms, unknown user %.2f ms, ratio %.2f%n",
                median(known) / 1e6, median(unknown) / 1e6, ratio);

        // both run one PBKDF2 of the same cost; an early exit for unknown users would be ~100x faster
        assertThat(ratio).isBetween(0.5, 2.0);
    }

    @Test
    void theStandInOfUnknownUsersCostsNothingToMake() {
        // 500 million iterations: minutes of PBKDF2 if a start derived the stand-in's hash
        PasswordHash slow = PasswordHash.parse(PasswordHash.create("right".toCharArray(), 1).encoded()
                .replaceFirst("\\.1\\.", ".500000000."));
        assertThat(slow.iterations()).isEqualTo(500_000_000);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new HashedUserStore(Map.of("alice", slow)));
    }

    private static long time(Runnable check) {
        long started = System.nanoTime();
        check.run();
        return System.nanoTime() - started;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
