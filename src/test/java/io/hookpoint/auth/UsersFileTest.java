package io.hookpoint.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.hookpoint.testing.HookpointProcess;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HOOKPOINT_USERS_FILE}: a real server whose users file is edited while requests run; a password is
 * rotated without a restart (add the new user, switch, remove the old), a removed user is refused within the
 * reload interval, and a broken edit keeps the users that were loaded.
 */
class UsersFileTest {
    private static final long RELOAD_MILLIS = 200;
    private static final String OLD = "bloomreach-2026";
    private static final String OLD_PASSWORD = "the old long password";
    private static final String NEW = "bloomreach-2027";
    private static final String NEW_PASSWORD = "the new long password";
    private static final String ADMIN = "ops";
    private static final String ADMIN_PASSWORD = "the operators password";

    @TempDir
    Path dir;
    private Path file;
    private TestHookpoint service;
    private WebServer server;
    private HttpsClient client;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("users");
        write("# Bloomreach's credentials\n" + OLD + ":" + hash(OLD_PASSWORD) + "\n\n" + ADMIN + ":"
                + hash(ADMIN_PASSWORD) + ":admin\n");
        Logger.getLogger(UsersFile.class.getName()).addHandler(capture);
        service = TestHookpoint.create(Map.of("hookpoint.users", "", "hookpoint.users.file", file.toString(),
                "hookpoint.auth.reload", "PT" + RELOAD_MILLIS / 1000.0 + "S"));
        server = service.start();
        client = service.client(server.port());
    }

    @AfterEach
    void stop() {
        Logger.getLogger(UsersFile.class.getName()).removeHandler(capture);
        service.close();
    }

    @Test
    void aPasswordIsRotatedWhileRequestsRunAndTheRemovedUserIsRefusedWithinTheInterval() throws Exception {
        HttpsClient old = client.withCredentials(OLD, OLD_PASSWORD);
        HttpsClient renewed = client.withCredentials(NEW, NEW_PASSWORD);
        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(200);
        assertThat(renewed.get("/api/v1/auth/check").status()).isEqualTo(401);

        // Bloomreach keeps calling throughout, with whichever credentials it has been given
        AtomicReference<HttpsClient> bloomreach = new AtomicReference<>(old);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<Thread> callers = new ArrayList<>();
        List<AtomicBoolean> switched = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AtomicBoolean usesNew = new AtomicBoolean();
            switched.add(usesNew);
            callers.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    HttpsClient credentials = bloomreach.get();
                    statuses.add(credentials.get("/api/v1/auth/check").status());
                    usesNew.compareAndSet(false, credentials == renewed);
                }
            }));
        }

        // 1. the new user is added next to the old one
        write(Files.readString(file) + NEW + ":" + hash(NEW_PASSWORD) + "\n");
        awaitStatus(renewed, 200);
        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(200);
        // 2. Bloomreach is switched to the new credentials
        bloomreach.set(renewed);
        // every caller has finished a request with the new credentials: none is still under way with the old
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!switched.stream().allMatch(AtomicBoolean::get) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // 3. the old user is removed: refused within the reload interval, although its password was verified
        //    (and remembered) on every request until now
        write("# Bloomreach's credentials\n" + NEW + ":" + hash(NEW_PASSWORD) + "\n" + ADMIN + ":"
                + hash(ADMIN_PASSWORD) + ":admin\n");
        long written = System.nanoTime();
        awaitStatus(old, 401);
        long refusedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
        Thread.sleep(RELOAD_MILLIS);
        running.set(false);
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(refusedAfter).as("refused within the interval (+ the time to read and hash)")
                .isLessThan(RELOAD_MILLIS * 2 + 1_000);
        assertThat(statuses).as("every request of the rotation was answered 200").isNotEmpty().containsOnly(200);
        assertThat(renewed.get("/api/v1/auth/check").status()).isEqualTo(200);
        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(401);
        assertThat(metric("hookpoint_users_reloads_total")).isEqualTo(2);
    }

    @Test
    void aChangedPasswordOfTheSameLoginRefusesTheOldPasswordAtOnce() throws Exception {
        HttpsClient before = client.withCredentials(OLD, OLD_PASSWORD);
        assertThat(before.get("/api/v1/auth/check").status()).isEqualTo(200);

        write(OLD + ":" + hash("a changed password") + "\n" + ADMIN + ":" + hash(ADMIN_PASSWORD) + ":admin\n");

        awaitStatus(before, 401);
        assertThat(client.withCredentials(OLD, "a changed password").get("/api/v1/auth/check").status())
                .isEqualTo(200);
    }

    @Test
    void rolesComeFromTheFileAndAUserMadeAdminIsAdminAfterTheReload() throws Exception {
        HttpsClient admin = client.withCredentials(ADMIN, ADMIN_PASSWORD);
        HttpsClient sender = client.withCredentials(OLD, OLD_PASSWORD);
        assertThat(admin.get("/admin/v1/suppressions").status()).isEqualTo(200);
        assertThat(sender.get("/admin/v1/suppressions").status()).isEqualTo(403);

        write(OLD + ":" + hash(OLD_PASSWORD) + ":admin\n");

        awaitStatus(sender, "/admin/v1/suppressions", 200);
        assertThat(admin.get("/admin/v1/suppressions").status()).isEqualTo(401);
    }

    @Test
    void aBrokenEditKeepsServingTheUsersLoadedBeforeAndIsLoggedOnce() throws Exception {
        HttpsClient old = client.withCredentials(OLD, OLD_PASSWORD);
        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(200);
        String secretHash = hash(NEW_PASSWORD);

        // half an edit: a line without its hash, another with a hash that is cut short
        write(OLD + "\n" + NEW + ":" + secretHash.substring(0, 20) + "\n");
        awaitMetric("hookpoint_users_reload_failures_total", 1);
        Thread.sleep(RELOAD_MILLIS * 5);

        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(200);
        assertThat(client.withCredentials(NEW, NEW_PASSWORD).get("/api/v1/auth/check").status()).isEqualTo(401);
        List<LogRecord> warnings = logged.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertThat(warnings).as("one line for one bad content, not one per check").hasSize(1);
        assertThat(warnings.getFirst().getMessage()).contains(file.toString()).contains("Line 1")
                .contains("keeping the 2 users").doesNotContain(secretHash.substring(0, 20));
        assertThat(metric("hookpoint_users_reload_failures_total")).isEqualTo(1);

        // an empty file (a truncating editor) is refused too; the fixed file is taken
        write("");
        awaitMetric("hookpoint_users_reload_failures_total", 2);
        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(200);
        write(NEW + ":" + hash(NEW_PASSWORD) + "\n");
        awaitStatus(client.withCredentials(NEW, NEW_PASSWORD), 200);
        assertThat(old.get("/api/v1/auth/check").status()).isEqualTo(401);
    }

    @Test
    void aBadFileAtStartFailsTheStartWithOneLine(@TempDir Path processDir) throws Exception {
        Path bad = processDir.resolve("users");
        String secretHash = hash(OLD_PASSWORD);
        Files.writeString(bad, "# ok\n" + OLD + ":" + secretHash + "\n" + NEW + ":" + secretHash + ":root\n");

        assertThat(failedStart(processDir, Map.of("HOOKPOINT_USERS_FILE", bad.toString())))
                .contains(bad.toString()).contains("Line 3").contains("admin or sender").doesNotContain(secretHash);
        Path missing = processDir.resolve("missing");
        assertThat(failedStart(processDir, Map.of("HOOKPOINT_USERS_FILE", missing.toString())))
                .contains(missing.toString()).contains("no such file");
        Files.writeString(bad, OLD + ":" + secretHash + "\n");
        assertThat(failedStart(processDir, Map.of("HOOKPOINT_USERS_FILE", bad.toString(),
                "HOOKPOINT_USERS", OLD + ":" + secretHash)))
                .contains("HOOKPOINT_USERS_FILE and HOOKPOINT_USERS are both set").doesNotContain(secretHash);
    }

    // a separate JVM started as an operator would, with these users: its one line, after checking exit code 2
    private static String failedStart(Path processDir, Map<String, String> users) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(HookpointProcess.setUp(processDir).env());
        env.remove("HOOKPOINT_USERS");
        env.putAll(users);
        ProcessBuilder builder = new ProcessBuilder(HookpointProcess.javaCommand()).directory(processDir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(n -> n.startsWith("HOOKPOINT_") || n.startsWith("SERVER_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> lines = output.lines().filter(l -> !l.contains("Logging at runtime configured")).toList();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(lines).as(output).hasSize(1);
        assertThat(lines.getFirst()).startsWith("hookpoint: HOOKPOINT_USERS_FILE").doesNotContain("Exception");
        return lines.getFirst();
    }

    private void awaitStatus(HttpsClient who, int status) throws InterruptedException {
        awaitStatus(who, "/api/v1/auth/check", status);
    }

    private static void awaitStatus(HttpsClient who, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Reply reply = who.get(path);
        while (reply.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
            reply = who.get(path);
        }
        assertThat(reply.status()).isEqualTo(status);
    }

    private void awaitMetric(String name, long value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metric(name) < value && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metric(name)).isEqualTo(value);
    }

    private long metric(String name) {
        String text = client.anonymous().get("/observe/metrics").text();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    // a new content each time, whole: written aside and moved in, as an operator's tools would
    private void write(String content) throws Exception {
        Path next = Files.createTempFile(dir, "users", ".new");
        Files.writeString(next, content);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String hash(String password) {
        return PasswordHash.create(password.toCharArray(), 2_000).encoded();
    }
}
