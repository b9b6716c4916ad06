package io.hookpoint.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.observe.ServiceMetrics;

/**
 * The users file ({@code HOOKPOINT_USERS_FILE}: one {@code login:hash[:role]} a line), watched like the TLS
 * certificate: when its content changes, the {@link HashedUserStore} gets the new users, so a password is
 * rotated without a restart (add the new user, switch Bloomreach to it, remove the old one). A file that does
 * not read or parse keeps the old users, logs one line (once per bad content) and counts a failed reload.
 */
public final class UsersFile implements AutoCloseable {
    /** The counter of applied reloads. */
    public static final String RELOADS = "hookpoint.users.reloads";
    /** The counter of refused changes, as Prometheus shows it with {@code _total}. */
    public static final String FAILURES = "hookpoint.users.reload.failures";
    private static final System.Logger LOGGER = System.getLogger(UsersFile.class.getName());

    private final Path file;
    private final HashedUserStore users;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("users-reloader").factory());
    // the content last looked at (loaded or refused), as a digest: the file is compared by content, not by
    // its modification time, which can stay the same across two quick edits
    private byte[] seen;

    private UsersFile(Path file, HashedUserStore users) {
        this.file = file;
        this.users = users;
        this.seen = digest(content());
    }

    /**
     * Reads the file at start.
     *
     * @param file the users file
     * @return its users
     * @throws IllegalArgumentException naming the variable, the file and the line (never a hash) when it
     *                                  cannot be read or is wrong
     */
    public static UserEntries.Users read(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(describe(file, e), e);
        }
    }

    /**
     * Watches a file the store was loaded from.
     *
     * @param file     the users file
     * @param users    the store to give the new users to
     * @param interval how often to read the file
     * @param metrics  where reloads and refused changes are counted
     * @return the watcher, to close at shutdown
     */
    public static UsersFile watch(Path file, HashedUserStore users, Duration interval, ServiceMetrics metrics) {
        UsersFile watcher = new UsersFile(file, users);
        metrics.count(RELOADS, "Changes of the users file applied without a restart", watcher.reloads::get);
        metrics.count(FAILURES, "Changes of the users file refused (the users loaded before stay)",
                watcher.failures::get);
        watcher.scheduler.scheduleWithFixedDelay(watcher::check, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** Reloads that replaced the users. */
    public long reloads() {
        return reloads.get();
    }

    /** Changed contents that were refused (the old users stayed). */
    public long failures() {
        return failures.get();
    }

    /** Reads the file now and applies a changed content (what the schedule runs). */
    void check() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            refuse(digest(new byte[0]), describe(file, e));
            return;
        }
        byte[] digest = digest(bytes);
        if (Arrays.equals(digest, seen)) {
            return;
        }
        try {
            UserEntries.Users next = parse(file, new String(bytes, StandardCharsets.UTF_8));
            users.replace(next);
            seen = digest;
            reloads.incrementAndGet();
            LOGGER.log(System.Logger.Level.INFO, "Reloaded " + next.hashes().size() + " users from " + file);
        } catch (RuntimeException e) {
            refuse(digest, e.getMessage());
        }
    }

    // one line per bad content, not one per check: the operator is told once, the metric counts it once
    private void refuse(byte[] digest, String why) {
        if (Arrays.equals(digest, seen)) {
            return;
        }
        seen = digest;
        failures.incrementAndGet();
        LOGGER.log(System.Logger.Level.WARNING, "The users file changed but is not valid; keeping the "
                + users.size() + " users loaded before: " + why);
    }

    private byte[] content() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static UserEntries.Users parse(Path file, String text) {
        try {
            return UserEntries.lines(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hookpoint.users.file (" + file + "): " + e.getMessage(), e);
        }
    }

    private static String describe(Path file, IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
        return "hookpoint.users.file (" + file + ") cannot be read: " + reason;
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
