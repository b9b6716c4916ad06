package io.hookpoint.bloomreach;

import java.time.Clock;
import java.util.Optional;

import io.hookpoint.observe.ServiceMetrics;
import io.hookpoint.optout.ConsentChanges;
import io.hookpoint.sms.ExportedEvents;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.store.Store;

import io.helidon.config.Config;

/**
 * Events back to Bloomreach, assembled: the outbox the status changes write to and the exporter that
 * sends it, or nothing at all while {@code HOOKPOINT_BLOOMREACH_API_URL} is empty.
 */
public final class BloomreachExport implements AutoCloseable {
    private final Optional<EventOutbox> outbox;
    private final Optional<EventExporter> exporter;

    private BloomreachExport(Optional<EventOutbox> outbox, Optional<EventExporter> exporter) {
        this.outbox = outbox;
        this.exporter = exporter;
    }

    /**
     * Builds the export from {@code hookpoint.bloomreach}.
     *
     * @param node  {@code hookpoint.bloomreach}
     * @param store the store
     * @param clock the time source
     * @return the export, off when not configured
     * @throws IllegalArgumentException with one line naming what is missing or wrong
     */
    public static BloomreachExport from(Config node, Store store, Clock clock) {
        BloomreachSettings settings = BloomreachSettings.from(node);
        if (!settings.enabled()) {
            return new BloomreachExport(Optional.empty(), Optional.empty());
        }
        EventOutbox outbox = new EventOutbox(store, settings.statuses(), settings.consentCategory().isPresent(), clock);
        return new BloomreachExport(Optional.of(outbox), Optional.of(new EventExporter(outbox, settings, clock)));
    }

    /** What status changes write: the outbox, or nothing when the export is off. */
    public StatusChanges changes() {
        return outbox.<StatusChanges>map(o -> o).orElse(StatusChanges.NONE);
    }

    /** What an opt-out or opt-in writes: a consent event, or nothing when off or no category is configured. */
    public ConsentChanges consents() {
        return outbox.<ConsentChanges>map(o -> o::consent).orElse(ConsentChanges.NONE);
    }

    /** The events of a message and what became of them (none when the export is off). */
    public ExportedEvents events() {
        return outbox.<ExportedEvents>map(o -> o::ofMessage).orElse(ExportedEvents.NONE);
    }

    /**
     * Registers the export's metrics (only when it is on).
     *
     * @param metrics the service's metrics
     */
    public void registerMetrics(ServiceMetrics metrics) {
        outbox.ifPresent(o -> metrics.gauges("hookpoint.bloomreach.events", "Events for Bloomreach by state",
                "state", java.util.Arrays.stream(EventOutbox.State.values()).map(EventOutbox.State::label).toList(),
                () -> new java.util.TreeMap<>(o.countByState())));
        exporter.ifPresent(e -> {
            metrics.count("hookpoint.bloomreach.calls", "Batch calls to Bloomreach's Tracking API", e::calls);
            metrics.count("hookpoint.bloomreach.calls.failed",
                    "Batch calls answered without results (429, 5xx, 400, no answer)", e::failedCalls);
        });
    }

    /** Starts sending. */
    public void start() {
        exporter.ifPresent(EventExporter::start);
    }

    @Override
    public void close() {
        exporter.ifPresent(EventExporter::close);
    }
}
