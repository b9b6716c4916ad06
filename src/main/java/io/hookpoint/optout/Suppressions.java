package io.hookpoint.optout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.hookpoint.store.Dialect;
import io.hookpoint.store.Store;

/**
 * The suppression list, in the store and in memory: every check reads a concurrent set (no store access
 * on the hot path); every change is written with its consent event in one transaction and applied to the
 * set after the commit. On PostgreSQL other instances change the list too: a poller reads the rows changed
 * since its last look (minus a margin for transactions that committed late and for clock skew) every
 * {@code HOOKPOINT_OPTOUT_REFRESH}, and applies their state.
 */
public final class Suppressions implements OptOutGuard, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Suppressions.class.getName());
    /** How far back each poll looks beyond its last one: a late commit or a skewed clock of another instance. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    /** What changed a number's state. */
    public enum Source {
        /** A STOP or START reply, from a provider's inbound webhook. */
        KEYWORD("keyword"),
        /** The provider refused a message because the recipient unsubscribed there (Twilio 21610). */
        PROVIDER_ERROR("provider_error"),
        /** An operator, through the admin API. */
        ADMIN("admin");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** The label stored and shown. */
        public String label() {
            return label;
        }
    }

    private final Store store;
    private final SuppressionList list;
    private final ConsentChanges consents;
    private final Clock clock;
    private final Set<String> numbers = ConcurrentHashMap.newKeySet();
    private final LongAdder refused = new LongAdder();
    private final LongAdder withheld = new LongAdder();
    private final LongAdder optOuts = new LongAdder();
    private final LongAdder optIns = new LongAdder();
    private final Duration refresh;
    private volatile Thread poller;
    private volatile boolean running;

    /**
     * Loads the list.
     *
     * @param store    the store
     * @param consents what an opt-out or opt-in also writes (consent events for Bloomreach)
     * @param refresh  how often other instances' changes are read (PostgreSQL only)
     * @param clock    the time source
     */
    public Suppressions(Store store, ConsentChanges consents, Duration refresh, Clock clock) {
        this.store = store;
        this.list = new SuppressionList(store);
        this.consents = consents;
        this.refresh = refresh;
        this.clock = clock;
        numbers.addAll(list.all());
    }

    /** Starts following other instances' changes (on PostgreSQL; SQLite has one instance). */
    public synchronized void start() {
        if (running || store.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        running = true;
        poller = Thread.ofPlatform().daemon().name("suppression-refresh").start(this::follow);
    }

    @Override
    public boolean suppressed(String number) {
        return numbers.contains(number);
    }

    @Override
    public void unsubscribed(String number, String provider) {
        try {
            suppress(number, Source.PROVIDER_ERROR, provider);
        } catch (RuntimeException e) {
            // the message is failed already; the next refusal of the provider suppresses the number again
            LOGGER.log(System.Logger.Level.WARNING, "Could not suppress a number the provider reports unsubscribed", e);
        }
    }

    @Override
    public void unsubscribedInReport(String number, String provider) {
        suppress(number, Source.PROVIDER_ERROR, provider);
    }

    /**
     * Puts a number on the list, with its consent event.
     *
     * @param number   E.164
     * @param source   what asked for it
     * @param provider the provider it came through, or null
     * @return true when it was not suppressed before
     */
    public boolean suppress(String number, Source source, String provider) {
        long at = clock.millis();
        boolean changed = store.write(h -> {
            boolean now = list.suppress(h, number, source.label(), provider, at);
            if (now) {
                consents.changed(h, number, false, at);
            }
            return now;
        });
        numbers.add(number);
        if (changed) {
            optOuts.increment();
        }
        return changed;
    }

    /**
     * Takes a number off the list, with its consent event.
     *
     * @param number   E.164
     * @param source   what asked for it
     * @param provider the provider it came through, or null
     * @return true when it was suppressed before
     */
    public boolean release(String number, Source source, String provider) {
        long at = clock.millis();
        boolean changed = store.write(h -> {
            boolean now = list.release(h, number, source.label(), provider, at);
            if (now) {
                consents.changed(h, number, true, at);
            }
            return now;
        });
        numbers.remove(number);
        if (changed) {
            optIns.increment();
        }
        return changed;
    }

    /**
     * A page of the list, ordered by number.
     *
     * @param after the last number of the previous page, or empty for the first
     * @param limit the page size
     * @return the entries
     */
    public List<SuppressionList.Entry> page(String after, int limit) {
        return list.page(after, limit);
    }

    /** The row of a number, or null when it was never suppressed. */
    SuppressionList.Entry find(String number) {
        return list.find(number);
    }

    @Override
    public void refusedAtAcceptance() {
        refused.increment();
    }

    @Override
    public void withheldAtDelivery() {
        withheld.increment();
    }

    /** Requests refused at acceptance so far. */
    public long refused() {
        return refused.sum();
    }

    /** Messages withheld by the dispatcher so far. */
    public long withheld() {
        return withheld.sum();
    }

    /** Opt-outs recorded by this instance. */
    public long optOuts() {
        return optOuts.sum();
    }

    /** Opt-ins recorded by this instance. */
    public long optIns() {
        return optIns.sum();
    }

    /** Suppressed numbers known to this instance. */
    public int size() {
        return numbers.size();
    }

    private void follow() {
        long since = clock.millis() - MARGIN.toMillis();
        while (running) {
            try {
                Thread.sleep(refresh);
            } catch (InterruptedException e) {
                return;
            }
            long started = clock.millis();
            try {
                for (SuppressionList.Entry entry : list.changedSince(since)) {
                    if (entry.suppressed()) {
                        numbers.add(entry.number());
                    } else {
                        numbers.remove(entry.number());
                    }
                }
                since = started - MARGIN.toMillis();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Reading the suppression list failed; will try again", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Thread running = poller;
        if (running != null) {
            running.interrupt();
            try {
                running.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
