package io.hookpoint.cli;

import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hookpoint.Hookpoint;
import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/**
 * Starts the listeners and turns a port that cannot be bound into a {@link StartupFailure}: Helidon logs
 * the {@code BindException} with its stack trace and returns a server that is not running (port -1), which
 * used to end in "listens on https://localhost:-1" and exit code 0.
 */
final class Listening implements Filter {
    // Helidon logs a listener that cannot start here, at SEVERE with the exception
    private static final Logger HELIDON = Logger.getLogger("io.helidon.webserver.LoomServer");
    private static final Pattern PORT = Pattern.compile(":(\\d+)\\b");

    private final boolean debug;
    private volatile LogRecord failure;

    private Listening(boolean debug) {
        this.debug = debug;
    }

    /**
     * Starts the service's listeners.
     *
     * @param hookpoint the service
     * @param root      the configuration (to name the port's variable)
     * @param debug     whether Helidon's stack trace is printed too
     * @return the running server
     * @throws StartupFailure with {@link StartupFailure#CANNOT_LISTEN} when a listener did not start
     */
    static WebServer start(Hookpoint hookpoint, Config root, boolean debug) {
        Listening listening = new Listening(debug);
        Filter previous = HELIDON.getFilter();
        HELIDON.setFilter(listening);
        WebServer server;
        try {
            server = hookpoint.start();
        } finally {
            HELIDON.setFilter(previous);
        }
        if (server.isRunning() && server.port() > 0) {
            return server;
        }
        server.stop();
        throw listening.describe(root);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() < Level.SEVERE.intValue()) {
            return true;
        }
        if (record.getThrown() != null && failure == null) {
            failure = record;
        }
        return debug;
    }

    private StartupFailure describe(Config root) {
        String serverPort = root.get("server.port").asString().orElse("?");
        String plainPort = HookpointConfig.optional(root.get("hookpoint.http.port")).orElse("");
        String host = root.get("server.host").asString().orElse("0.0.0.0");
        LogRecord record = failure;
        String address = record == null ? "" : String.valueOf(record.getMessage());
        Matcher port = PORT.matcher(address);
        String failedPort = port.find() ? port.group(1) : serverPort;
        String variable = failedPort.equals(plainPort) && !plainPort.equals(serverPort) ? "HOOKPOINT_HTTP_PORT"
                : "SERVER_PORT";
        String reason = Optional.ofNullable(record).map(LogRecord::getThrown).map(Listening::rootMessage)
                .orElse("the listener did not start");
        return new StartupFailure(StartupFailure.CANNOT_LISTEN, "cannot listen on " + host + ":" + failedPort + " ("
                + variable + "=" + failedPort + ", SERVER_HOST=" + host + "): " + reason
                + "; another process (another Hookpoint?) may hold the port, or a port below 1024 needs privileges",
                record == null ? null : record.getThrown());
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
