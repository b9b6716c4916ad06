package io.hookpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hookpoint.auth.PasswordHash;
import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.SimulatorVerdicts;
import io.hookpoint.tls.DevelopmentCertificate;
import io.hookpoint.web.JsonBodies;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hookpoint as an operator runs it: a separate JVM started through {@link Main}, configured by
 * environment variables only, or with nothing configured at all (the development defaults of
 * {@code make run}); the {@code hash-password} command; and the exit code of usage and setting errors
 * (the other failures to start: {@link StartupFailuresTest}).
 */
class MainTest {
    private static final Pattern DEV_PASSWORD = Pattern.compile("with password: (\\S+)");

    @Test
    void environmentVariablesConfigureTheService(@TempDir Path dir) throws Exception {
        DevelopmentCertificate.PemFiles tls = DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(dir.resolve("cert.pem"), dir.resolve("key.pem")),
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        String hash = PasswordHash.create("ops-password".toCharArray(), 1_000).encoded();
        Map<String, String> env = Map.of(
                "SERVER_PORT", "0",
                "HOOKPOINT_DATA", dir.resolve("state").toString(),
                "HOOKPOINT_DB_URL", "jdbc:sqlite:" + dir.resolve("db/custom.db"),
                "HOOKPOINT_TLS_CERT", tls.certificate().toString(),
                "HOOKPOINT_TLS_KEY", tls.key().toString(),
                "HOOKPOINT_USERS", "ops:" + hash,
                "HOOKPOINT_SMS_SEGMENTS", "2");

        try (HookpointProcess service = HookpointProcess.start(dir, env)) {
            HttpsClient client = HttpsClientFactory.create(service.port(), tls.certificate()).withCredentials("ops",
                    "ops-password");
            assertThat(client.get("/api/v1/auth/check").status()).isEqualTo(200);
            // two segments allowed: 200 GSM characters fit
            Reply reply = client.sendSms("env-1", "{\"to\":\"+420777123456\",\"text\":\"" + "a".repeat(200) + "\"}");
            assertThat(reply.success()).isTrue();
            assertThat(reply.json().getJsonObject("result").getInt("segments")).isEqualTo(2);
            assertThat(dir.resolve("db/custom.db")).exists();
            assertThat(dir.resolve("state/dev-users")).doesNotExist();
            assertThat(service.output()).doesNotContain("ops-password").doesNotContain(hash);
        }
    }

    @Test
    void withNothingConfiguredItMakesADevelopmentUserAndCertificate(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("SERVER_PORT", "0");
        String password;
        try (HookpointProcess service = HookpointProcess.start(dir, env)) {
            Matcher matcher = DEV_PASSWORD.matcher(service.output());
            assertThat(matcher.find()).as("prints the development password").isTrue();
            password = matcher.group(1);
            Path certificate = dir.resolve("data/tls/dev-cert.pem");
            assertThat(certificate).exists();
            assertThat(dir.resolve("data/hookpoint.db")).exists();
            HttpsClient client = HttpsClientFactory.create(service.port(), certificate).withCredentials("hookpoint",
                    password);
            assertThat(client.get("/api/v1/auth/check").status()).isEqualTo(200);
            assertThat(dir.resolve("data/dev-password")).content(StandardCharsets.UTF_8).isEqualTo(password + "\n");
        }
        // a second start keeps the user and does not print the password again
        try (HookpointProcess service = HookpointProcess.start(dir, env)) {
            assertThat(service.output()).doesNotContain(password).contains("Development user 'hookpoint' from");
            HttpsClient client = HttpsClientFactory.create(service.port(), dir.resolve("data/tls/dev-cert.pem"))
                    .withCredentials("hookpoint", password);
            assertThat(client.get("/api/v1/auth/check").status()).isEqualTo(200);
        }
    }

    @Test
    void simulatePlaysBloomreachAgainstTheDevelopmentStartAndPasses(@TempDir Path dir) throws Exception {
        try (HookpointProcess service = HookpointProcess.start(dir, Map.of("SERVER_PORT", "0"))) {
            Process simulate = new ProcessBuilder(HookpointProcess.javaCommand("simulate",
                    "--url", "https://localhost:" + service.port() + "/api/v1/sms", "--user", "hookpoint",
                    "--password-file", "data/dev-password", "--trust-cert", "data/tls/dev-cert.pem",
                    "--customers", "300", "--concurrency", "30", "--time-scale", "0.001", "--quiet",
                    "--json", "report.json"))
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String report = new String(simulate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(simulate.waitFor(120, TimeUnit.SECONDS)).isTrue();

            // every requirement but the latency verdict, which is load-dependent and left to make bench
            assertThat(report).contains("RESULT: ");
            SimulatorVerdicts.assertAllPassButLatency(simulate.exitValue(),
                    JsonBodies.parse(Files.readAllBytes(dir.resolve("report.json"))).asJsonObject(), report);
        }
    }

    @Test
    void hashPasswordPrintsAHashOfTheLineOnStandardInput(@TempDir Path dir) throws Exception {
        Process process = new ProcessBuilder(HookpointProcess.javaCommand("hash-password")).directory(dir.toFile())
                .redirectErrorStream(true).start();
        process.getOutputStream().write("my secret\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isZero();
        PasswordHash hash = PasswordHash.parse(output.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(hash.iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
        assertThat(hash.matches("my secret".toCharArray())).isTrue();
        assertThat(hash.matches("my secreT".toCharArray())).isFalse();
    }

    @Test
    void aWrongOptionOrAWrongSettingExits2NamingTheVariable(@TempDir Path dir) throws Exception {
        Result bogus = run(dir, Map.of(), "--bogus");
        assertThat(bogus.code()).as(bogus.output()).isEqualTo(2);
        assertThat(bogus.output()).contains("Unknown option: '--bogus'").contains("Usage:");

        // our in-flight limit above Helidon's backstop (server.max-concurrent-requests, 2000 by default)
        Result wrong = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_INFLIGHT_LIMIT", "3000"));
        assertThat(wrong.code()).as(wrong.output()).isEqualTo(2);
        assertThat(wrong.output()).contains("SERVER_MAX_dash_CONCURRENT_dash_REQUESTS").contains("3000");

        // Helidon's own keys take environment variables too ("-" is "_dash_")
        try (HookpointProcess service = HookpointProcess.start(dir, Map.of("SERVER_PORT", "0",
                "HOOKPOINT_INFLIGHT_LIMIT", "3000", "SERVER_MAX_dash_CONCURRENT_dash_REQUESTS", "6000"))) {
            assertThat(service.port()).isPositive();
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(HookpointProcess.javaCommand(args)).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HOOKPOINT_") || name.startsWith("SERVER_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Result(process.exitValue(), output);
    }
}
