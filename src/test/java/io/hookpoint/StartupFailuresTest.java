package io.hookpoint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hookpoint.cli.StartupFailure;
import io.hookpoint.testing.HookpointProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start that fails, as an operator and a supervisor see it: a separate JVM that exits non-zero (2 a
 * setting, 3 a port, 4 the store) with one line naming the environment variable, its value (never a
 * secret) and what is expected, and nothing else (no stack trace unless {@code HOOKPOINT_DEBUG=true}, no
 * log lines of the steps that worked); never the development password.
 */
class StartupFailuresTest {

    @Test
    void aPortInUseExits3NamingThePortNotListeningOnMinusOne(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            int port = taken.getLocalPort();

            Result result = run(dir, Map.of("SERVER_PORT", String.valueOf(port)));

            assertThat(result.code()).as(result.output()).isEqualTo(StartupFailure.CANNOT_LISTEN);
            assertThat(result.line()).contains("SERVER_PORT=" + port).contains("Address already in use");
            assertThat(result.output()).doesNotContain("listens on").doesNotContain("BindException");

            // the optional plain-HTTP listener is named by its own variable
            Result plain = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_HTTP_PORT", String.valueOf(port)));

            assertThat(plain.code()).as(plain.output()).isEqualTo(StartupFailure.CANNOT_LISTEN);
            assertThat(plain.line()).contains("HOOKPOINT_HTTP_PORT=" + port);
        }
    }

    @Test
    void aPortThatIsNotANumberNamesTheVariableAndWhatIsExpected(@TempDir Path dir) throws Exception {
        Result result = run(dir, Map.of("SERVER_PORT", "abc"));

        assertThat(result.code()).as(result.output()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(result.line()).contains("SERVER_PORT='abc'").contains("a port number from 0 to 65535")
                .doesNotContain("server.port");
    }

    @Test
    void aDurationTakesPT5SOr5sAndAnythingElseIsExplained(@TempDir Path dir) throws Exception {
        Result wrong = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_IDEMPOTENCY_PURGE", "5 seconds"));

        assertThat(wrong.code()).as(wrong.output()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(wrong.line()).contains("HOOKPOINT_IDEMPOTENCY_PURGE is '5 seconds'").contains("PT5S")
                .contains("5s");

        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        Map<String, String> env = new HashMap<>(setUp.env());
        env.put("HOOKPOINT_IDEMPOTENCY_PURGE", "5s");
        env.put("HOOKPOINT_TLS_RELOAD", "PT10S");
        try (HookpointProcess service = HookpointProcess.start(dir, env)) {
            assertThat(service.port()).isPositive();
        }
    }

    @Test
    void aStoreThatCannotBeOpenedExits4NamingTheFile(@TempDir Path dir) throws Exception {
        Path notADatabase = dir.resolve("not-a-database.db");
        Files.writeString(notADatabase, "these bytes are not SQLite's ".repeat(200));
        Result garbage = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_DB_URL", "jdbc:sqlite:" + notADatabase));

        assertThat(garbage.code()).as(garbage.output()).isEqualTo(StartupFailure.STORE);
        assertThat(garbage.line()).contains(notADatabase.toString()).contains("HOOKPOINT_DB_URL")
                .contains("not a database");

        // a directory where the file should be: named, and left as it was
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        String mode = Files.getPosixFilePermissions(directory).toString();
        Result folder = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_DB_URL", "jdbc:sqlite:" + directory));

        assertThat(folder.code()).as(folder.output()).isEqualTo(StartupFailure.STORE);
        assertThat(folder.line()).contains(directory + " is a directory");
        assertThat(Files.getPosixFilePermissions(directory)).hasToString(mode);
    }

    @Test
    void anUnknownGatewayOrAProvidersMissingSettingsAreNamed(@TempDir Path dir) throws Exception {
        Result unknown = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_GATEWAY_TYPE", "carrier-pigeon"));

        assertThat(unknown.code()).as(unknown.output()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(unknown.line()).contains("HOOKPOINT_GATEWAY_TYPE").contains("'carrier-pigeon'")
                .contains("twilio");

        Result missing = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_GATEWAY_TYPE", "infobip",
                "HOOKPOINT_INFOBIP_API_KEY", "infobip-secret-key-value"));

        assertThat(missing.code()).as(missing.output()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(missing.line()).contains("HOOKPOINT_INFOBIP_URL");
        assertThat(missing.output()).doesNotContain("infobip-secret-key-value");
    }

    @Test
    void aBadUsersEntryIsNamedWithoutEchoingTheHash(@TempDir Path dir) throws Exception {
        Result result = run(dir, Map.of("SERVER_PORT", "0",
                "HOOKPOINT_USERS", "alice:pbkdf2-sha256.notanumber.c2FsdA.very-private-hash-part"));

        assertThat(result.code()).as(result.output()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(result.line()).startsWith("hookpoint: HOOKPOINT_USERS").contains("'alice'");
        assertThat(result.output()).doesNotContain("very-private-hash-part");
    }

    @Test
    void aSecretIsNeverEchoed(@TempDir Path dir) throws Exception {
        Result result = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_DB_POOL", "1",
                "HOOKPOINT_DB_PASSWORD", "hunter2-db-password", "HOOKPOINT_CALLBACK_TOKEN", "callback-token-value"));

        assertThat(result.code()).as(result.output()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(result.line()).contains("HOOKPOINT_DB_POOL").contains("'1'").contains("at least 2");
        assertThat(result.output()).doesNotContain("hunter2-db-password").doesNotContain("callback-token-value");
    }

    @Test
    void aFailedFirstStartNeverPrintsTheDevelopmentPassword(@TempDir Path dir) throws Exception {
        // nothing configured but a wrong gateway: the development user is made before the gateway is read
        Result failed = run(dir, Map.of("SERVER_PORT", "0", "HOOKPOINT_GATEWAY_TYPE", "bogus"));

        assertThat(failed.code()).as(failed.output()).isEqualTo(StartupFailure.CONFIGURATION);
        Path passwordFile = dir.resolve("data/dev-password");
        assertThat(passwordFile).exists();
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        assertThat(failed.output()).doesNotContain(password).doesNotContain("with password");

        // the next start points to the file that holds it
        try (HookpointProcess service = HookpointProcess.start(dir, Map.of("SERVER_PORT", "0"))) {
            assertThat(service.output()).doesNotContain(password).contains("its password is in " + Path.of("data",
                    "dev-password"));
        }
    }

    @Test
    void theStackTraceOnlyWithHookpointDebug(@TempDir Path dir) throws Exception {
        Result quiet = run(dir, Map.of("SERVER_PORT", "abc"));
        Result debug = run(dir, Map.of("SERVER_PORT", "abc", "HOOKPOINT_DEBUG", "true"));

        assertThat(quiet.output()).doesNotContain("\tat ");
        assertThat(debug.code()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(debug.output()).contains("hookpoint: SERVER_PORT='abc'").contains("ConfigMappingException")
                .contains("\tat ");
    }

    /** What a failed start printed: its one line for the operator is {@link #line()}. */
    private record Result(int code, String output) {
        String line() {
            // Helidon's first line comes before anything of ours can hold it back; then only the failure
            List<String> lines = output.lines().filter(line -> !line.contains("Logging at runtime configured"))
                    .toList();
            assertThat(lines).as("one line for the operator in:\n%s", output).hasSize(1);
            assertThat(lines.getFirst()).startsWith("hookpoint: ").doesNotContain("Exception:");
            return lines.getFirst();
        }
    }

    private static Result run(Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(HookpointProcess.javaCommand()).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HOOKPOINT_") || name.startsWith("SERVER_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Result(process.exitValue(), output);
    }
}
