package io.hookpoint.optout;

import org.jdbi.v3.core.Handle;

/**
 * What must be written in the same store transaction as a number's opt-out or opt-in: the consent event
 * for Bloomreach ({@code bloomreach/EventOutbox}), on the customer last texted at that number.
 */
@FunctionalInterface
public interface ConsentChanges {
    /** Nothing is written (no consent category configured, or Bloomreach export off). */
    ConsentChanges NONE = (handle, number, optedIn, at) -> false;

    /**
     * A number opted out or back in.
     *
     * @param handle  the handle of the transaction that changed the suppression list
     * @param number  the number, E.164
     * @param optedIn true for an opt-in (START), false for an opt-out (STOP)
     * @param at      when, epoch milliseconds
     * @return whether an event was written (false: off, or no customer was ever texted at the number)
     */
    boolean changed(Handle handle, String number, boolean optedIn, long at);
}
