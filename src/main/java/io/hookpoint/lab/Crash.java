package io.hookpoint.lab;

import java.util.Set;

/**
 * The kill, if there was one.
 *
 * @param killMillis     when Hookpoint got SIGKILL (0: never)
 * @param relaunchMillis when the new process was launched
 * @param inFlight       the messages Hookpoint's store held as {@code sending} right after the kill: claimed,
 *                       their outcome not committed; only these may be sent again by the new process
 */
record Crash(long killMillis, long relaunchMillis, Set<String> inFlight) {
    static final Crash NONE = new Crash(0, 0, Set.of());
}
