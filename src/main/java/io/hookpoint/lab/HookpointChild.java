package io.hookpoint.lab;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.hookpoint.Main;

/**
 * Hookpoint as a separate process of the lab's own class path (the jar and its libs, or the build's
 * classes), configured by environment variables only, its output appended to {@code hookpoint.log}; it
 * can be killed with SIGKILL and started again on the same port and files.
 */
final class HookpointChild implements AutoCloseable {
    private final Path directory;
    private final Map<String, String> env;
    private final List<String> command;
    private final HttpClient client;
    private final URI check;
    private final String authorization;
    private Process process;

    HookpointChild(Path directory, Map<String, String> env, String fault, HttpClient client, URI base,
                   String authorization) {
        this.directory = directory;
        this.env = env;
        this.client = client;
        this.check = base.resolve("/api/v1/auth/check");
        this.authorization = authorization;
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx1g");
        if (fault != null) {
            cmd.add("-D" + LabFaults.PROPERTY + "=" + fault);
        }
        cmd.add("-cp");
        // absolute, since the child runs in the lab's directory
        cmd.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(Main.class.getName());
        this.command = cmd;
    }

    /** Starts it and waits until it answers the credential test. */
    void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("hookpoint.log").toFile()));
        builder.environment().keySet().removeIf(n -> n.startsWith("HOOKPOINT_") || n.startsWith("SERVER_"));
        builder.environment().putAll(env);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Hookpoint exited with " + process.exitValue() + "; see "
                        + directory.resolve("hookpoint.log"));
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(check).timeout(Duration.ofSeconds(2))
                        .header("Authorization", authorization).GET().build();
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("Hookpoint did not start in 90 s; see " + directory.resolve("hookpoint.log"));
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed cleanly. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
