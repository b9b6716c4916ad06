package io.hookpoint.bloomreach;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.hookpoint.bloomreach.EventOutbox.Claimed;
import io.hookpoint.bloomreach.EventOutbox.Settlement;
import io.hookpoint.bloomreach.EventOutbox.State;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Sends the outbox's events to Bloomreach: claims up to 50 due events under a lease, sends them as one
 * batch call (calls spaced to {@code HOOKPOINT_BLOOMREACH_RATE} per second), and keeps each command's
 * result: success -> sent; {@code success: false} or a 400 -> failed with Bloomreach's reason (never tried
 * again); 429, 5xx, 401/403 or no answer -> tried again after a doubling wait ({@code Retry-After} when
 * given), until {@code attempts}, then failed. One thread per instance; instances on PostgreSQL share the
 * outbox (their claims skip each other's rows).
 */
public final class EventExporter implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(EventExporter.class.getName());

    private final EventOutbox outbox;
    private final TrackingApi api;
    private final BloomreachSettings settings;
    private final Clock clock;
    private final String owner = "exporter-" + UUID.randomUUID();
    private final long spacingNanos;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private long nextCallNanos = System.nanoTime();

    /**
     * Creates the exporter; {@link #start()} starts it.
     *
     * @param outbox   the events
     * @param settings where and how fast
     * @param clock    the time source
     */
    public EventExporter(EventOutbox outbox, BloomreachSettings settings, Clock clock) {
        this.outbox = outbox;
        this.api = new TrackingApi(settings);
        this.settings = settings;
        this.clock = clock;
        this.spacingNanos = (long) (TimeUnit.SECONDS.toNanos(1) / settings.rate());
    }

    /** Starts exporting. */
    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("bloomreach-exporter").start(this::run);
        }
    }

    /** Batch calls made, since the start. */
    public long calls() {
        return calls.get();
    }

    /** Batch calls that were not answered with results (429, 5xx, no answer, 400), since the start. */
    public long failedCalls() {
        return failedCalls.get();
    }

    /** Wakes the exporter (an event was written). */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        while (running) {
            try {
                if (!exportOnce()) {
                    LockSupport.parkNanos(settings.poll().toNanos());
                }
            } catch (RuntimeException e) {
                // a store hiccup: the claim's lease runs out and the events are claimed again
                LOGGER.log(System.Logger.Level.WARNING, "Exporting events to Bloomreach failed: " + e);
                LockSupport.parkNanos(settings.poll().toNanos());
            }
        }
    }

    /**
     * Claims and sends one batch.
     *
     * @return whether there was anything to send
     */
    boolean exportOnce() {
        long now = clock.millis();
        long leaseUntil = now + settings.lease().toMillis();
        List<Claimed> claimed = outbox.claim(owner, TrackingApi.MAX_COMMANDS, now, leaseUntil);
        if (claimed.isEmpty()) {
            return false;
        }
        Map<String, Settlement> settlements = new LinkedHashMap<>();
        List<JsonObject> commands = new ArrayList<>(claimed.size());
        List<Claimed> sending = new ArrayList<>(claimed.size());
        for (Claimed event : claimed) {
            try {
                commands.add(command(event));
                sending.add(event);
            } catch (RuntimeException e) {
                // one event we cannot write (its customer id gone, consent no longer configured) must not hold
                // back the rest: it is kept as failed, with the reason
                settlements.put(event.eventId(), new Settlement(State.FAILED, "cannot be written: " + e, 0));
            }
        }
        if (sending.isEmpty()) {
            outbox.settle(owner, leaseUntil, clock.millis(), settlements);
            return true;
        }
        claimed = sending;
        pace();
        calls.incrementAndGet();
        TrackingApi.Answer answer = api.send(commands);
        long then = clock.millis();
        switch (answer) {
        case TrackingApi.Results results -> {
            for (int i = 0; i < claimed.size(); i++) {
                Optional<String> refused = results.results().get(i);
                settlements.put(claimed.get(i).eventId(), refused.isEmpty() ? new Settlement(State.SENT, null, 0)
                        : new Settlement(State.FAILED, refused.get(), 0));
            }
        }
        case TrackingApi.Refused refused -> {
            failedCalls.incrementAndGet();
            claimed.forEach(e -> settlements.put(e.eventId(), new Settlement(State.FAILED, refused.reason(), 0)));
        }
        case TrackingApi.TryAgain again -> {
            failedCalls.incrementAndGet();
            for (Claimed e : claimed) {
                settlements.put(e.eventId(), e.attempts() >= settings.attempts()
                        ? new Settlement(State.FAILED, "gave up after " + e.attempts() + " attempts: " + again.reason(), 0)
                        : new Settlement(State.PENDING, again.reason(), then + wait(e.attempts(), again.after())));
            }
        }
        }
        outbox.settle(owner, leaseUntil, then, settlements);
        return true;
    }

    // calls evenly spaced at the configured rate: Bloomreach drops what is over its per-IP limit
    private void pace() {
        long now = System.nanoTime();
        long at = Math.max(now, nextCallNanos);
        nextCallNanos = at + spacingNanos;
        while (running && System.nanoTime() < at) {
            LockSupport.parkNanos(at - System.nanoTime());
        }
    }

    private long wait(int attempts, Optional<Duration> after) {
        Duration max = settings.maxBackoff();
        if (after.isPresent()) {
            return (after.get().compareTo(max) > 0 ? max : after.get()).toMillis();
        }
        Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return (wait.compareTo(max) > 0 ? max : wait).toMillis();
    }

    /**
     * The command of one event: {@code customers/events} on the message's customer, at the status's time.
     *
     * @param event the claimed event
     * @return the command
     */
    JsonObject command(Claimed event) {
        Map<String, Object> m = event.message();
        if (event.consent()) {
            // Bloomreach's consent event: an invalid one revokes consent, so every member is always given
            return command(event, "consent", JsonBodies.JSON.createObjectBuilder()
                    .add("action", event.status())
                    .add("category", settings.consentCategory().orElseThrow(
                            () -> new IllegalStateException("HOOKPOINT_BLOOMREACH_CONSENT_CATEGORY is no longer set")))
                    .add("valid_until", "unlimited")
                    .add("message", "SMS reply to " + event.messageId())
                    .add("source", "hookpoint"));
        }
        JsonObjectBuilder properties = JsonBodies.JSON.createObjectBuilder()
                .add("action_type", "sms")
                .add("status", event.status())
                .add("message_id", event.messageId());
        put(properties, "campaign_id", m.get("scenario_id"));
        put(properties, "action_id", m.get("action_id"));
        put(properties, "reference", m.get("reference"));
        put(properties, "provider", m.get("provider"));
        put(properties, "provider_message_id", m.get("provider_message_id"));
        put(properties, "encoding", m.get("encoding"));
        Object segments = m.containsKey("segments_billed") ? m.get("segments_billed") : m.get("segments");
        if (segments instanceof Long parts) {
            properties.add("sms_parts", parts);
        }
        if (m.get("price") instanceof String price) {
            try {
                properties.add("price", new BigDecimal(price).abs());
                put(properties, "currency", m.get("price_currency"));
            } catch (NumberFormatException e) {
                // a price we cannot read is left out
            }
        }
        put(properties, "error_code", event.errorCode());
        put(properties, "comment", event.error());
        return command(event, settings.eventType(), properties);
    }

    private JsonObject command(Claimed event, String eventType, JsonObjectBuilder properties) {
        JsonObject data = JsonBodies.JSON.createObjectBuilder()
                .add("customer_ids", JsonBodies.JSON.createObjectBuilder().add(settings.customerIdType(),
                        (String) event.message().get("customer_id")))
                .add("event_type", eventType)
                .add("timestamp", BigDecimal.valueOf(event.at()).movePointLeft(3))
                .add("properties", properties)
                .build();
        return JsonBodies.JSON.createObjectBuilder()
                .add("name", "customers/events")
                .add("command_id", event.eventId())
                .add("data", data)
                .build();
    }

    private static void put(JsonObjectBuilder builder, String name, Object value) {
        if (value instanceof String text && !text.isEmpty()) {
            builder.add(name, text);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
