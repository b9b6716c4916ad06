package io.hookpoint.sms;

import org.jdbi.v3.core.Handle;

/**
 * What must be written in the same store transaction as a message's status change, so that it is
 * neither lost by a crash nor written for a change that did not commit: the events for Bloomreach
 * ({@code bloomreach/EventOutbox}). The dispatcher calls it when a provider took or refused a message,
 * the delivery reports when a report moved one.
 */
@FunctionalInterface
public interface StatusChanges {
    /** Nothing is written (Bloomreach export is off). */
    StatusChanges NONE = (handle, messageId, status, at, errorCode, error) -> {
    };

    /**
     * A message may have reached a status: records it if the message's stored status is now that status
     * (a change that was not applied, such as {@code sent} after {@code delivered}, records nothing).
     *
     * @param handle    the handle of the transaction that changed the status
     * @param messageId the message
     * @param status    the status it was moved to
     * @param at        when it reached the status, epoch milliseconds
     * @param errorCode the provider's error code, or null
     * @param error     the provider's or our error text, or null
     */
    void changed(Handle handle, String messageId, SmsStatus status, long at, String errorCode, String error);
}
