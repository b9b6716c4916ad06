package io.hookpoint.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.hookpoint.Hookpoint;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.observe.JsonLogFormatter;
import io.hookpoint.tls.TlsSettings;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import picocli.CommandLine.Command;

/**
 * {@code serve}: starts the service and returns; the server's threads keep the process alive until it is
 * stopped (SIGTERM stops the server and closes the store).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the API over HTTPS (the default command).",
                "Settings: src/main/resources/application.yaml, overridden by environment variables such as"
                        + " SERVER_PORT, HOOKPOINT_TLS_CERT, HOOKPOINT_TLS_KEY, HOOKPOINT_USERS, HOOKPOINT_DB_URL"
                        + " (docs/configuration.md).",
                "A failed start prints one line naming the variable, its value (never a secret) and what is"
                        + " expected; HOOKPOINT_DEBUG=true adds the stack trace.",
                "Exit codes: 2 a setting is wrong, 3 a port cannot be listened on, 4 the store cannot be opened,"
                        + " 1 anything else (docs/operations.md)."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOGGER = Logger.getLogger(ServeCommand.class.getName());
    private final PrintStream console;
    private final Supplier<Config> config;
    // a real start's process ends after a failure (Main exits), so what it logs on its way out is dropped;
    // an in-process caller (a test) goes on logging
    private final boolean exitsAfterFailure;
    private volatile WebServer server;

    /**
     * The command of a real start: configured from the environment and {@code application.yaml}.
     *
     * @param console where start-up messages for the operator go
     */
    public ServeCommand(PrintStream console) {
        this(console, HookpointConfig::create, true);
    }

    /**
     * The command with another configuration.
     *
     * @param console where start-up messages for the operator go
     * @param config  the configuration, read when the command runs
     */
    public ServeCommand(PrintStream console, Supplier<Config> config) {
        this(console, config, false);
    }

    private ServeCommand(PrintStream console, Supplier<Config> config, boolean exitsAfterFailure) {
        this.console = console;
        this.config = config;
        this.exitsAfterFailure = exitsAfterFailure;
    }

    @Override
    public Integer call() {
        LogConfig.configureRuntime();
        Config root = null;
        Hookpoint hookpoint = null;
        // what the start has to say (the development password among it) is shown only once it listens: a
        // failed start prints its one line and nothing else
        ByteArrayOutputStream deferred = new ByteArrayOutputStream();
        DeferredLog log = DeferredLog.hold();
        try {
            root = config.get();
            boolean jsonLog = JsonLogFormatter.apply(root);
            hookpoint = Hookpoint.create(root, new PrintStream(deferred, true, StandardCharsets.UTF_8));
            WebServer started = Listening.start(hookpoint, root, debug(root));
            server = started;
            log.release();
            Hookpoint running = hookpoint;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stop();
                running.close();
            }, "hookpoint-shutdown"));
            printHowToCall(root, running, started, new PrintStream(deferred, true, StandardCharsets.UTF_8));
            announce(deferred.toString(StandardCharsets.UTF_8), jsonLog);
            return 0;
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a native library that does not load (SQLite's), a class missing from target/libs
            closeQuietly(hookpoint);
            if (debug(root)) {
                log.release();
            } else {
                log.discard(exitsAfterFailure);
            }
            StartupFailure failure = StartupFailure.of(e, root);
            System.err.println("hookpoint: " + failure.getMessage());
            if (debug(root)) {
                e.printStackTrace();
            }
            return failure.exitCode();
        }
    }

    // what the start has to tell the operator: printed, or with a JSON log one log record a line, so that a log
    // shipper reading the output gets JSON only
    private void announce(String text, boolean jsonLog) {
        if (!jsonLog) {
            console.print(text);
            return;
        }
        text.lines().filter(line -> !line.isBlank()).forEach(line -> LOGGER.info(line));
    }

    private static void printHowToCall(Config root, Hookpoint hookpoint, WebServer started, PrintStream console) {
        String base = "https://localhost:" + started.port() + Hookpoint.API_PREFIX;
        Path certificate = TlsSettings.from(root.get("hookpoint.tls")).certificate()
                .orElse(hookpoint.dataDirectory().resolve("tls/dev-cert.pem"));
        String curl = "curl --cacert " + certificate + " -u USER:PASSWORD";
        console.println("Hookpoint listens on " + base);
        console.println("  check credentials: " + curl + " " + base + "/auth/check");
        console.println("  send an SMS:       " + curl + " -H 'Content-Type: application/json'"
                + " -H 'Idempotency-Key: demo-1' -d '{\"to\":\"+420777123456\",\"text\":\"Hello\"}' "
                + base + "/sms");
    }

    // HOOKPOINT_DEBUG=true: a failed start prints its stack trace too (read leniently: the config may be the problem)
    private static boolean debug(Config root) {
        try {
            return root != null
                    && root.get("hookpoint.debug").asString().orElse("false").strip().equalsIgnoreCase("true");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void closeQuietly(Hookpoint hookpoint) {
        if (hookpoint == null) {
            return;
        }
        try {
            hookpoint.close();
        } catch (RuntimeException e) {
            // the start failed already: its cause is what the operator needs to see
        }
    }

    /** Whether the service was started (then the process must not exit when the command returns). */
    public boolean serving() {
        return server != null;
    }
}
