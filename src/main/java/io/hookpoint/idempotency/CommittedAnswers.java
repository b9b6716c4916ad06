package io.hookpoint.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The committed answers this instance recorded in the idempotency log or replayed from it, by user and key,
 * so that a replay is answered without a trip through the store's single writer.
 *
 * <p>It answers only what the store would answer the same way: a request whose fingerprint equals the
 * recorded one, while the record is younger than half the retention (the purge deletes records older than
 * the retention, by the clock of whichever instance purges: the other half is room for clocks that differ).
 * Everything else (another payload under the key, an older record, a key it has not seen or has forgotten)
 * goes to the store as before, so several instances on one database stay right: a record is never changed
 * after it is committed, only deleted by the purge, so one another instance recorded may be remembered once
 * the store replayed it here. Bounded: the oldest entries go first.
 */
public final class CommittedAnswers {
    /** Remembers nothing: every replay goes to the store. */
    public static final CommittedAnswers NONE = new CommittedAnswers(Duration.ZERO, 0, Clock.systemUTC());
    /** How many answers an instance remembers unless told otherwise (a few hundred bytes each). */
    public static final int DEFAULT_CAPACITY = 20_000;

    private final long maxAgeMillis;
    private final int capacity;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    // insertion order, for the bound: the oldest are also the first to grow too old
    private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();

    /**
     * Creates the memory.
     *
     * @param retention how long the store keeps records ({@link IdempotencySettings#retention()})
     * @param capacity  the most answers remembered; 0 remembers none
     * @param clock     the time source of the records' creation times
     */
    public CommittedAnswers(Duration retention, int capacity, Clock clock) {
        this.maxAgeMillis = retention.toMillis() / 2;
        this.capacity = capacity;
        this.clock = clock;
    }

    private record Key(String user, String key) {
    }

    private record Entry(String fingerprint, int status, byte[] body, long createdAt) {
    }

    /**
     * The committed answer of a user's key, to send again, when it surely is what the store holds.
     *
     * @param user        the user
     * @param key         the idempotency key
     * @param fingerprint the request's fingerprint
     * @return the replay, or empty: ask the store
     */
    public Optional<IdempotentAnswer> replay(String user, String key, String fingerprint) {
        if (capacity == 0) {
            return Optional.empty();
        }
        Entry entry = entries.get(new Key(user, key));
        if (entry == null || !entry.fingerprint().equals(fingerprint)
                || clock.millis() - entry.createdAt() >= maxAgeMillis) {
            return Optional.empty();
        }
        return Optional.of(new IdempotentAnswer(entry.status(), entry.body(), true));
    }

    /**
     * Remembers a committed record: one this instance inserted, once its transaction committed (never
     * before: an answer from here must be one the store has), or one the store replayed.
     *
     * @param record the committed record
     */
    public void committed(IdempotencyRecord record) {
        if (capacity == 0) {
            return;
        }
        Key key = new Key(record.userLogin(), record.idempotencyKey());
        // a copy: the caller's array is the answer it is about to send
        Entry entry = new Entry(record.fingerprint(), record.statusCode(),
                Arrays.copyOf(record.responseBody(), record.responseBody().length), record.createdAt());
        if (entries.put(key, entry) == null) {
            order.add(key);
            while (entries.size() > capacity) {
                Key oldest = order.poll();
                if (oldest == null) {
                    break;
                }
                entries.remove(oldest);
            }
        }
    }

    /** How many answers are remembered now. */
    public int size() {
        return entries.size();
    }
}
