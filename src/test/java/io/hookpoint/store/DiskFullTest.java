package io.hookpoint.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database on a tiny file system that fills up: requests are answered 503 (never 200, never a
 * hang), readiness turns DOWN, and both come back when space is freed. Mounting the file system needs
 * root, which the machines of this project (developers' and CI's) are.
 */
class DiskFullTest {

    @Test
    void aFullDiskIs503AndNotReadyUntilSpaceIsFreed(@TempDir Path dir) throws Exception {
        Path tiny = dir.resolve("tiny");
        Files.createDirectories(tiny);
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", tiny.toString());
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of(
                "hookpoint.db.url", "jdbc:sqlite:" + tiny.resolve("hookpoint.db"),
                "hookpoint.db.timeout", "PT1S",
                "hookpoint.health.disk.min", "65536"))) {
            WebServer server = hookpoint.start();
            HttpsClient client = hookpoint.client(server.port());
            String body = "{\"to\":\"+420777123456\",\"text\":\"" + "x".repeat(150) + "\"}";
            assertThat(client.sendSms("before", body).status()).isEqualTo(200);

            Path filler = tiny.resolve("filler");
            fill(filler);
            Reply full = null;
            // the WAL may still hold a few free pages: keep writing until the disk says no
            for (int i = 0; i < 200; i++) {
                full = client.sendSms("while-full-" + i, body);
                if (full.status() != 200) {
                    break;
                }
            }
            Reply ready = client.anonymous().get("/observe/health/ready");

            assertThat(full.status()).isEqualTo(503);
            assertThat(BloomreachSender.react(full.status())).isEqualTo(BloomreachReaction.RETRY);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().getString("status")).isEqualTo("DOWN");

            Files.delete(filler);
            assertThat(client.anonymous().get("/observe/health/ready").status()).isEqualTo(200);
            Reply after = client.sendSms("after", body);
            assertThat(after.status()).isEqualTo(200);
            assertThat(client.sendSms("before", body).header("Idempotent-Replayed")).contains("true");
        } finally {
            run("umount", "-l", tiny.toString());
        }
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            // No space left on device: that is the point
            if (!String.valueOf(e.getMessage()).contains("No space")) {
                throw e;
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root): " + output);
        }
    }
}
