package io.hookpoint.observe;

import java.util.Locale;
import java.util.Optional;

import io.helidon.logging.jul.HelidonConsoleHandler;

/**
 * Helidon's console handler (standard output, the {@code [request id]} text format of {@code logging.properties}),
 * writing JSON lines from its first record when {@code HOOKPOINT_LOG_FORMAT=json} (or the system property
 * {@code hookpoint.log.format}): the logging system starts before the configuration is read, and a log shipper
 * should not get a plain first line.
 */
public final class ConsoleLogHandler extends HelidonConsoleHandler {
    /** The handler of {@code logging.properties}. */
    public ConsoleLogHandler() {
        String format = Optional.ofNullable(System.getenv("HOOKPOINT_LOG_FORMAT"))
                .or(() -> Optional.ofNullable(System.getProperty("hookpoint.log.format"))).orElse("");
        if (format.strip().toLowerCase(Locale.ROOT).equals("json")) {
            setFormatter(new JsonLogFormatter());
        }
    }
}
