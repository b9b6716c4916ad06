package io.hookpoint.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** What Bloomreach (the lab's campaign) got for every customer in every round, and its duplicates. */
final class Ledger {
    /** Bloomreach's reading of a customer's request after its retries. */
    enum Kind {
        /** 2xx, success: Hookpoint took the message. */
        ACCEPTED,
        /** 2xx, success false: refused for this customer with a code (bad data, opted out). */
        REFUSED,
        /** failed for this customer (another 4xx, or retries used up). */
        FAILED,
        /** an answer that stops the whole webhook (400, 404, 410, 412, 413, 418). */
        STOPPED
    }

    /**
     * One customer's answer.
     *
     * @param kind        Bloomreach's reading
     * @param messageId   Hookpoint's message id when accepted
     * @param code        Hookpoint's error code when refused, the HTTP status when failed or stopped, else 0
     * @param sentMillis  when the first attempt went out (epoch ms)
     * @param attempts    how many times it was sent
     */
    record Answer(Kind kind, String messageId, int code, long sentMillis, int attempts) {
    }

    private final List<AtomicReferenceArray<Answer>> rounds = new ArrayList<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong duplicatesConsistent = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    private final List<String> notes = new ArrayList<>();

    Ledger(int rounds, int customers) {
        for (int r = 0; r < rounds; r++) {
            this.rounds.add(new AtomicReferenceArray<>(customers + 1));
        }
    }

    int rounds() {
        return rounds.size();
    }

    void put(int round, int customer, Answer answer) {
        rounds.get(round - 1).set(customer, answer);
    }

    /** The answer, or null when none was recorded. */
    Answer get(int round, int customer) {
        return rounds.get(round - 1).get(customer);
    }

    synchronized void note(String problem) {
        if (notes.size() < 10) {
            notes.add(problem);
        }
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
