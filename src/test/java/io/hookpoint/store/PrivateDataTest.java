package io.hookpoint.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.HttpsClientFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What holds phone numbers, texts, keys and passwords is readable by its owner only, whatever the umask
 * of the process (this JVM's children inherit the usual 022): the data directory 0700, the database and
 * its -wal and -shm files 0600 (also when SQLite makes them again later, and an existing database made
 * 0644 by an older version), the development key and users files 0600.
 */
class PrivateDataTest {
    private static final String FILE = "rw-------";
    private static final String DIRECTORY = "rwx------";

    @Test
    void theDataDirectoryAndEverythingPrivateInItAreOwnerOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (HookpointProcess service = HookpointProcess.start(dir, Map.of("SERVER_PORT", "0"))) {
            send(service, data, "private-1");
            assertThat(mode(data)).isEqualTo(DIRECTORY);
            assertThat(mode(data.resolve("tls"))).isEqualTo(DIRECTORY);
            for (String file : new String[] {"hookpoint.db", "hookpoint.db-wal", "hookpoint.db-shm", "dev-users",
                    "dev-password", "tls/dev-key.pem"}) {
                assertThat(mode(data.resolve(file))).as(file).isEqualTo(FILE);
            }
        }
        // an older version's files: a database 0644 and no WAL files (SQLite makes them anew at the next start)
        Files.deleteIfExists(data.resolve("hookpoint.db-wal"));
        Files.deleteIfExists(data.resolve("hookpoint.db-shm"));
        Files.setPosixFilePermissions(data.resolve("hookpoint.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (HookpointProcess service = HookpointProcess.start(dir, Map.of("SERVER_PORT", "0"))) {
            send(service, data, "private-2");
            for (String file : new String[] {"hookpoint.db", "hookpoint.db-wal", "hookpoint.db-shm"}) {
                assertThat(data.resolve(file)).as(file).exists();
                assertThat(mode(data.resolve(file))).as(file).isEqualTo(FILE);
            }
        }
    }

    @Test
    void aDatabaseElsewhereIsCreatedOwnerOnlyInADirectoryOfItsOwn(@TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        Map<String, String> env = new java.util.HashMap<>(setUp.env());
        Path database = dir.resolve("state/db/messages.db");
        env.put("HOOKPOINT_DB_URL", "jdbc:sqlite:" + database);
        try (HookpointProcess service = HookpointProcess.start(dir, env)) {
            assertThat(service.port()).isPositive();
            assertThat(mode(database.getParent())).isEqualTo(DIRECTORY);
            assertThat(mode(dir.resolve("state"))).isEqualTo(DIRECTORY);
            assertThat(mode(database)).isEqualTo(FILE);
            assertThat(mode(Path.of(database + "-wal"))).isEqualTo(FILE);
        }
    }

    private static void send(HookpointProcess service, Path data, String key) throws Exception {
        String password = Files.readString(data.resolve("dev-password"), StandardCharsets.UTF_8).strip();
        HttpsClient client = HttpsClientFactory.create(service.port(), data.resolve("tls/dev-cert.pem"))
                .withCredentials("hookpoint", password);
        assertThat(client.sendSms(key, "{\"to\":\"+420777123456\",\"text\":\"Hello\"}").success()).isTrue();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
