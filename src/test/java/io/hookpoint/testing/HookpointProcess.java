package io.hookpoint.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hookpoint.Main;
import io.hookpoint.auth.PasswordHash;
import io.hookpoint.tls.DevelopmentCertificate;

/**
 * Hookpoint as an operator runs it: a separate JVM started through {@link Main} in a directory of its
 * own, configured by environment variables only; what it prints is kept.
 */
public final class HookpointProcess implements AutoCloseable {
    private static final Pattern LISTENS = Pattern.compile("listens on https://localhost:(\\d+)/api/v1");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;

    private HookpointProcess(Process process) throws InterruptedException {
        this.process = process;
        BlockingQueue<Integer> ports = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.append(line).append('\n');
                    Matcher matcher = LISTENS.matcher(line);
                    if (matcher.find()) {
                        ports.add(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        Integer found = ports.poll(60, TimeUnit.SECONDS);
        if (found == null) {
            process.destroyForcibly();
            throw new AssertionError("Hookpoint did not start:\n" + output);
        }
        this.port = found;
    }

    /** The user of {@link #setUp(Path)}. */
    public static final String USER = "bloomreach";
    /** Its password. */
    public static final String PASSWORD = "pw";

    /**
     * What a test needs to run Hookpoint in a directory: a certificate for localhost, and the
     * environment of a service on a free port with one user ({@link #USER}).
     *
     * @param certificate the certificate to trust
     * @param env         the environment; add to a copy
     */
    public record SetUp(Path certificate, Map<String, String> env) {
    }

    /**
     * Prepares a directory for a Hookpoint process.
     *
     * @param directory the working directory
     * @return the certificate and the environment
     */
    public static SetUp setUp(Path directory) {
        DevelopmentCertificate.PemFiles tls = DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(directory.resolve("cert.pem"), directory.resolve("key.pem")),
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        return new SetUp(tls.certificate(), Map.of(
                "SERVER_PORT", "0",
                "HOOKPOINT_DATA", directory.resolve("data").toString(),
                "HOOKPOINT_TLS_CERT", tls.certificate().toString(),
                "HOOKPOINT_TLS_KEY", tls.key().toString(),
                "HOOKPOINT_USERS", USER + ":" + PasswordHash.create(PASSWORD.toCharArray(), 1_000).encoded()));
    }

    /**
     * Starts Hookpoint and waits until it listens.
     *
     * @param directory its working directory
     * @param env       its environment ({@code HOOKPOINT_*} and {@code SERVER_*} of this JVM are removed)
     * @return the running process
     * @throws IOException          when it cannot be started
     * @throws InterruptedException when interrupted while waiting
     */
    public static HookpointProcess start(Path directory, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(javaCommand()).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HOOKPOINT_") || name.startsWith("SERVER_"));
        builder.environment().putAll(env);
        return new HookpointProcess(builder.start());
    }

    /**
     * The command that runs {@link Main} with this JVM's class path.
     *
     * @param args Main's arguments
     * @return the command line
     */
    public static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** The HTTPS port it listens on. */
    public int port() {
        return port;
    }

    /** What it printed so far. */
    public String output() {
        return output.toString();
    }

    /** Kills it with SIGKILL: no shutdown hook runs, nothing is closed cleanly. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
