package io.hookpoint.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.delivery.Requeue;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;

import io.helidon.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookpoint requeue}: puts {@code failed} messages back in the queue of the store the service uses (the
 * same {@code HOOKPOINT_DB_URL} / {@code HOOKPOINT_DATA}), by id or by the time they failed; a running service
 * sends them at its next poll.
 */
@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = {"Sends failed messages again: failed -> queued, attempts from zero, the reason kept.",
                "Run it with the service's environment (HOOKPOINT_DB_URL or HOOKPOINT_DATA): it changes the"
                        + " store the service uses; the service sends them at its next poll.",
                "Never re-queued: messages whose content was redacted, messages withheld because the recipient"
                        + " opted out (1012). Expired ones and ones whose provider answer was lost only when asked.",
                "Exit codes: 0 done (the counts are printed), 2 usage or settings, 4 the store cannot be opened."})
public final class RequeueCommand implements Callable<Integer> {
    private final Supplier<Config> config;
    @Spec
    private CommandSpec spec;

    @Option(names = "--id", paramLabel = "MESSAGE_ID", split = ",",
            description = "A failed message's id (repeat the option or separate with commas).")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME",
            description = "Messages that failed at or after this time (ISO-8601, 2026-12-01T10:00:00Z).")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", description = "... and before this time (default: now).")
    private String to;

    @Option(names = "--error", paramLabel = "TEXT",
            description = "Only messages whose last error contains TEXT (any case) or whose provider error code is TEXT.")
    private String error;

    @Option(names = "--reason", paramLabel = "TEXT", required = true,
            description = "Why they are sent again: kept with each message (requeue_reason).")
    private String reason;

    @Option(names = "--include-expired",
            description = "Also messages that expired before they were handed over (they expire again at once"
                    + " unless HOOKPOINT_DELIVERY_EXPIRE is raised past their age).")
    private boolean includeExpired;

    @Option(names = "--include-lost-answers",
            description = "Also messages whose provider answer was lost: the provider may have sent them, so the"
                    + " recipient may get the text twice.")
    private boolean includeLostAnswers;

    /** The command of a real run: configured as the service is, from the environment and application.yaml. */
    public RequeueCommand() {
        this(HookpointConfig::create);
    }

    /**
     * The command with another configuration.
     *
     * @param config the configuration, read when the command runs
     */
    public RequeueCommand(Supplier<Config> config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Config root = null;
        try {
            Requeue.Selection selection;
            try {
                selection = new Requeue.Selection(ids, time("--from", from), time("--to", to),
                        Optional.ofNullable(error).filter(text -> !text.isBlank()));
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
            root = config.get();
            StoreSettings settings = StoreSettings.from(root.get("hookpoint.db"));
            Optional<String> missing = missingDatabase(settings);
            if (missing.isPresent()) {
                return usage(err, missing.get());
            }
            // the operator reads the summary; the store's opening notes ("at schema version N") are the service's
            Logger storeLog = Logger.getLogger(Store.class.getName());
            Level level = storeLog.getLevel();
            storeLog.setLevel(Level.WARNING);
            try (Store store = Store.open(settings)) {
                Requeue.Result result = new Requeue(store, Clock.systemUTC())
                        .run(selection, new Requeue.Including(includeExpired, includeLostAnswers), reason);
                out.println(result.summary());
                out.flush();
                return 0;
            } finally {
                storeLog.setLevel(level);
            }
        } catch (RuntimeException e) {
            StartupFailure failure = StartupFailure.of(e, root);
            err.println("hookpoint requeue: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
    }

    // the command's own errors, printed as they are (StartupFailure would rewrite a path's "hookpoint.db")
    private static int usage(PrintWriter err, String message) {
        err.println("hookpoint requeue: " + message);
        err.flush();
        return StartupFailure.CONFIGURATION;
    }

    // a SQLite file that is not there is a wrong directory or variable, not an empty store to create
    private static Optional<String> missingDatabase(StoreSettings settings) {
        if (settings.url().startsWith("jdbc:sqlite:")) {
            Path file = Path.of(settings.url().substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
            if (!Files.isRegularFile(file)) {
                return Optional.of("no database at " + file + " (HOOKPOINT_DB_URL, HOOKPOINT_DATA): run requeue with"
                        + " the service's environment, in its working directory");
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> time(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a time: expected ISO-8601 UTC such"
                    + " as 2026-12-01T10:00:00Z");
        }
    }
}
