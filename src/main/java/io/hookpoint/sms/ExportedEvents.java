package io.hookpoint.sms;

import java.util.List;

/**
 * The events that tell Bloomreach about a message and what became of them ({@code bloomreach/EventOutbox}),
 * shown by {@code GET /api/v1/sms/{id}}.
 */
@FunctionalInterface
public interface ExportedEvents {
    /** No events (Bloomreach export is off). */
    ExportedEvents NONE = messageId -> List.of();

    /**
     * One event.
     *
     * @param status    the status it tells
     * @param state     pending, sent, failed or skipped
     * @param lastError why it failed or waits, or null
     */
    record ExportedEvent(SmsStatus status, String state, String lastError) {
    }

    /**
     * The events of a message.
     *
     * @param messageId the message
     * @return its events, oldest first
     */
    List<ExportedEvent> of(String messageId);
}
