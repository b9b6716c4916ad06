package io.hookpoint.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hookpoint.config.Durations;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.store.StoreUnavailableException;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigMappingException;

/**
 * A failure to start, as the one line an operator reads (the environment variable, its value unless it is a
 * secret, what is expected) and the exit code a supervisor acts on: {@link #CONFIGURATION} and
 * {@link #CANNOT_LISTEN} will not go away by restarting, {@link #STORE} may (a database that is not up yet).
 */
public final class StartupFailure extends RuntimeException {
    /** Anything not foreseen (a bug): the line names the exception; {@code HOOKPOINT_DEBUG=true} shows where. */
    public static final int UNEXPECTED = 1;
    /** A setting or the command line is wrong (also picocli's usage errors). */
    public static final int CONFIGURATION = 2;
    /** A port cannot be listened on (in use, or not allowed). */
    public static final int CANNOT_LISTEN = 3;
    /** The store cannot be opened (the file, the directory, the database server, the schema). */
    public static final int STORE = 4;

    private static final Pattern MAPPING = Pattern.compile("value '(.*)' stored under key '([^']+)'", Pattern.DOTALL);
    // a key, not a file name that looks like one (/var/lib/hookpoint/hookpoint.db is a path, not hookpoint.db)
    private static final Pattern KEY = Pattern.compile("(?<![\\w/\\\\.-])(?:hookpoint|server)(?:\\.[a-z0-9][a-z0-9_-]*)+");
    private static final Pattern CLASS_PREFIX = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");
    private static final Pattern VARIABLE = Pattern.compile("\\b(HOOKPOINT|SERVER)_[A-Z]");
    // keys whose values are never printed: passwords, tokens, API keys, the users' hashes, header values
    private static final Pattern SECRET = Pattern.compile(
            "(^|\\.)(password|secret|token|users|value)($|\\.)|\\.api\\.key($|\\.)");
    private static final Map<Class<?>, String> FILE_ERRORS = Map.of(NoSuchFileException.class, "no such file",
            AccessDeniedException.class, "permission denied", NotDirectoryException.class, "not a directory",
            FileAlreadyExistsException.class, "a file is in the way");

    private final int exitCode;

    /**
     * Creates a failure.
     *
     * @param exitCode the process's exit code (one of the constants)
     * @param line     the one line for the operator, without secrets
     * @param cause    what failed, or null
     */
    public StartupFailure(int exitCode, String line, Throwable cause) {
        super(line, cause);
        this.exitCode = exitCode;
    }

    /** The process's exit code. */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Describes what stopped a start.
     *
     * @param failure what was thrown
     * @param root    the configuration, to name variables and values; null when it could not be read
     * @return the failure with its line and exit code
     */
    public static StartupFailure of(Throwable failure, Config root) {
        if (failure instanceof StartupFailure known) {
            return known;
        }
        if (failure instanceof ConfigMappingException) {
            Matcher mapping = MAPPING.matcher(String.valueOf(failure.getMessage()));
            if (mapping.find()) {
                String key = mapping.group(2);
                return new StartupFailure(CONFIGURATION, HookpointConfig.environmentName(key) + "="
                        + shown(key, mapping.group(1)) + " is not valid: expected " + expected(key, failure, root),
                        failure);
            }
        }
        String text = oneLine(describe(failure));
        if (failure instanceof StoreUnavailableException) {
            String line = withVariables(text, root);
            return new StartupFailure(STORE, line.contains("HOOKPOINT_DB_URL") ? line : line + " (HOOKPOINT_DB_URL)",
                    failure);
        }
        if (failure instanceof ConfigException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException || failure instanceof java.io.UncheckedIOException) {
            return new StartupFailure(CONFIGURATION, withVariables(text, root), failure);
        }
        return new StartupFailure(UNEXPECTED, "unexpected failure to start: " + failure.getClass().getName() + ": "
                + text + " (HOOKPOINT_DEBUG=true prints the stack trace)", failure);
    }

    /**
     * Whether a key's value may be printed.
     *
     * @param key a key such as {@code hookpoint.db.password}
     * @return false for passwords, tokens, API keys and the like
     */
    public static boolean isSecret(String key) {
        return SECRET.matcher(key).find();
    }

    private static String shown(String key, String value) {
        if (isSecret(key)) {
            return "(not shown: a secret)";
        }
        return "'" + value.replaceAll("(?i)(password=)[^&]*", "$1***") + "'";
    }

    // what the key takes, judged by its default in application.yaml (the one place defaults live)
    private static String expected(String key, Throwable failure, Config root) {
        if (key.endsWith(".port")) {
            return "a port number from 0 to 65535 (0: any free port)";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(Durations.EXPECTED)) {
                return Durations.EXPECTED;
            }
        }
        String fallback = "a value of the kind of its default";
        String standard = HookpointConfig.of(Map.of()).get(key).asString().orElse("");
        if (standard.matches("-?\\d+")) {
            return "a whole number, such as the default " + standard;
        }
        if (standard.matches("true|false")) {
            return "true or false";
        }
        if (standard.startsWith("P")) {
            return Durations.EXPECTED;
        }
        return standard.isEmpty() || isSecret(key) ? fallback : fallback + " '" + standard + "'";
    }

    // keys (hookpoint.db.url) become their variables (HOOKPOINT_DB_URL) and their values are added; a
    // message naming no key but a configured path gets the variable of that path
    private static String withVariables(String text, Config root) {
        if (root == null) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        List<String> values = new ArrayList<>();
        Matcher keys = KEY.matcher(text);
        boolean named = false;
        while (keys.find()) {
            String key = keys.group();
            Config node = root.get(key);
            if (!node.exists()) {
                keys.appendReplacement(out, Matcher.quoteReplacement(key));
                continue;
            }
            named = true;
            String variable = HookpointConfig.environmentName(key);
            keys.appendReplacement(out, Matcher.quoteReplacement(variable));
            String value = node.asString().orElse(null);
            String listed = variable + "=" + (value == null ? "" : shown(key, value));
            boolean shownAlready = text.contains("'" + value + "'") || text.contains("(" + value + ")");
            if (value != null && !isSecret(key) && !shownAlready && !values.contains(listed)) {
                values.add(listed);
            }
        }
        keys.appendTail(out);
        if (!values.isEmpty()) {
            out.append(" (").append(String.join(", ", values)).append(')');
        }
        // a message that names its variable already (HOOKPOINT_GATEWAY_TYPE ...) needs no guess
        if (!named && !VARIABLE.matcher(text).find()) {
            root.get("hookpoint").traverse().filter(Config::isLeaf).forEach(node -> {
                String value = node.asString().orElse("");
                String key = node.key().toString();
                if (value.length() > 1 && !isSecret(key) && Pattern.compile("(^|[\\s'\"(])" + Pattern.quote(value)
                        + "($|[\\s'\"):,;])").matcher(text).find() && out.indexOf("(" + key) < 0) {
                    out.append(" (").append(HookpointConfig.environmentName(key)).append(')');
                }
            });
        }
        return out.toString();
    }

    // the message and what caused it, as far as it adds something
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        int depth = 0;
        for (Throwable cause = failure.getCause(); cause != null && depth < 4; cause = cause.getCause(), depth++) {
            String message = cause.getMessage();
            String known = FILE_ERRORS.get(cause.getClass());
            if (known != null) {
                text.append(": ").append(known);
            } else if (message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    // one line, without the Java class names that some messages carry (org.sqlite.SQLiteException: ...)
    private static String oneLine(String text) {
        return CLASS_PREFIX.matcher(text.replaceAll("\\s*\\R\\s*", " ")).replaceAll("").strip();
    }
}
