package io.hookpoint.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Holds the log lines of a start until it is known whether it succeeded: then they are written as
 * usual; after a failure they are dropped (unless debugging), and so is what the process logs on its
 * way out (Helidon's shutdown hook), so that the operator reads one line, the failure, instead of the
 * steps that worked before it.
 */
final class DeferredLog implements Filter {
    private final Map<Handler, Filter> handlers = new LinkedHashMap<>();
    private final List<LogRecord> held = new ArrayList<>();
    // a record goes to each handler of the root logger: held once
    private final Set<LogRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean discarding;

    private DeferredLog() {
    }

    /**
     * Starts holding what the root logger's handlers would write.
     *
     * @return the held log, to {@link #release(boolean)}
     */
    static DeferredLog hold() {
        DeferredLog log = new DeferredLog();
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            log.handlers.put(handler, handler.getFilter());
            handler.setFilter(log);
        }
        return log;
    }

    @Override
    public synchronized boolean isLoggable(LogRecord record) {
        if (discarding) {
            return false;
        }
        if (seen.add(record)) {
            held.add(record);
        }
        return false;
    }

    /**
     * Stops holding and writes what was held: the start succeeded (or a failure is being debugged).
     */
    synchronized void release() {
        handlers.forEach(Handler::setFilter);
        for (LogRecord record : held) {
            handlers.keySet().forEach(handler -> handler.publish(record));
        }
        handlers.keySet().forEach(Handler::flush);
        held.clear();
        seen.clear();
    }

    /**
     * Drops what was held: the start failed.
     *
     * @param untilExit whether everything logged from now on is dropped too (the process is about to end);
     *                  else logging goes on as before
     */
    synchronized void discard(boolean untilExit) {
        discarding = untilExit;
        if (!untilExit) {
            handlers.forEach(Handler::setFilter);
        }
        held.clear();
        seen.clear();
    }
}
