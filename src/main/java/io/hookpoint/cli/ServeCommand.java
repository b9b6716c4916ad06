package io.hookpoint.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.hookpoint.Hookpoint;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.tls.TlsSettings;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
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
                        + " (README.md, Configuration reference).",
                "Exit code: 1 when a setting is wrong or the service cannot start."})
public final class ServeCommand implements Callable<Integer> {
    private final PrintStream console;
    private final Supplier<Config> config;
    private volatile WebServer server;

    /**
     * The command of a real start: configured from the environment and {@code application.yaml}.
     *
     * @param console where start-up messages for the operator go
     */
    public ServeCommand(PrintStream console) {
        this(console, HookpointConfig::create);
    }

    /**
     * The command with another configuration.
     *
     * @param console where start-up messages for the operator go
     * @param config  the configuration, read when the command runs
     */
    public ServeCommand(PrintStream console, Supplier<Config> config) {
        this.console = console;
        this.config = config;
    }

    @Override
    public Integer call() {
        LogConfig.configureRuntime();
        Config root = config.get();
        Hookpoint hookpoint;
        try {
            hookpoint = Hookpoint.create(root, console);
        } catch (IllegalArgumentException | ConfigException e) {
            // a wrong or missing setting: the message names the key; no stack trace for an operator's typo
            System.err.println("hookpoint: " + e.getMessage());
            return 1;
        }
        WebServer started = hookpoint.start();
        server = started;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.stop();
            hookpoint.close();
        }, "hookpoint-shutdown"));
        String base = "https://localhost:" + started.port() + Hookpoint.API_PREFIX;
        Path certificate = TlsSettings.from(root.get("hookpoint.tls")).certificate()
                .orElse(hookpoint.dataDirectory().resolve("tls/dev-cert.pem"));
        String curl = "curl --cacert " + certificate + " -u USER:PASSWORD";
        console.println("Hookpoint listens on " + base);
        console.println("  check credentials: " + curl + " " + base + "/auth/check");
        console.println("  send an SMS:       " + curl + " -H 'Content-Type: application/json'"
                + " -H 'Idempotency-Key: demo-1' -d '{\"to\":\"+420777123456\",\"text\":\"Hello\"}' "
                + base + "/sms");
        return 0;
    }

    /** Whether the service was started (then the process must not exit when the command returns). */
    public boolean serving() {
        return server != null;
    }
}
