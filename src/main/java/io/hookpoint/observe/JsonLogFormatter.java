package io.hookpoint.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.web.JsonBodies;

import io.helidon.config.Config;
import io.helidon.logging.common.HelidonMdc;
import jakarta.json.JsonObjectBuilder;

/**
 * Log records as one JSON object a line, for log shippers ({@code HOOKPOINT_LOG_FORMAT=json}): {@code time}
 * (ISO-8601 UTC), {@code level}, {@code logger}, {@code message}, {@code request_id} when the record was
 * logged while handling a request, {@code thread}, and {@code exception} (the stack trace as one string) when
 * there is one. A message with line breaks stays one line: JSON escapes them.
 */
public final class JsonLogFormatter extends Formatter {
    /** The MDC key {@code web/RequestIds} sets to the request's {@code X-Request-Id}. */
    public static final String REQUEST_ID = "requestId";

    @Override
    public String format(LogRecord record) {
        JsonObjectBuilder line = JsonBodies.JSON.createObjectBuilder()
                .add("time", Instant.ofEpochMilli(record.getMillis()).toString())
                .add("level", record.getLevel().getName())
                .add("logger", record.getLoggerName() == null ? "" : record.getLoggerName())
                .add("message", String.valueOf(formatMessage(record)));
        // formatted on the thread that logged (the console handler publishes synchronously)
        HelidonMdc.get(REQUEST_ID).filter(id -> !id.isEmpty()).ifPresent(id -> line.add("request_id", id));
        line.add("thread", Thread.currentThread().getName());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.add("exception", trace.toString());
        }
        return line.build().toString() + System.lineSeparator();
    }

    /**
     * Applies {@code hookpoint.log.format} to the root logger's handlers: {@code text} keeps
     * {@code logging.properties}' format, {@code json} sets this formatter.
     *
     * @param root the configuration
     * @return whether the log is JSON
     * @throws IllegalArgumentException for another value
     */
    public static boolean apply(Config root) {
        String format = HookpointConfig.optional(root.get("hookpoint.log.format")).orElse("text").strip()
                .toLowerCase(Locale.ROOT);
        switch (format) {
            case "text" -> {
                return false;
            }
            case "json" -> {
                for (Handler handler : Logger.getLogger("").getHandlers()) {
                    handler.setFormatter(new JsonLogFormatter());
                }
                return true;
            }
            default -> throw new IllegalArgumentException("HOOKPOINT_LOG_FORMAT is '" + format
                    + "': expected text or json");
        }
    }
}
