package io.hookpoint.sms;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.idempotency.CommittedAnswers;
import io.hookpoint.idempotency.IdempotencyPurger;
import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.store.StoreUnavailableException;
import io.hookpoint.web.Answers;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replays answered from the answers this instance committed ({@link CommittedAnswers}), on a real SQLite
 * file: without the writer when that is safe, from the store in every other case. A closed store shows
 * which: a write there fails.
 */
class ReplayFromMemoryTest {
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final JsonObject BODY = json("{\"to\":\"+420777123456\",\"text\":\"Hello\"}");

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();

    @Test
    void aReplayOfACommittedAnswerNeedsNoWriteAndIsByteIdentical() {
        Store store = open();
        SmsAcceptance acceptance = acceptance(store, false, new CommittedAnswers(RETENTION, 100, clock));
        IdempotentAnswer first = acceptance.accept("u", "k1", BODY);
        IdempotentAnswer rejected = acceptance.accept("u", "k2", json("{\"to\":\"nobody\",\"text\":\"Hello\"}"));
        store.close();

        IdempotentAnswer replay = acceptance.accept("u", "k1", BODY);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.status()).isEqualTo(first.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        IdempotentAnswer rejectedAgain = acceptance.accept("u", "k2", json("{\"to\":\"nobody\",\"text\":\"Hello\"}"));
        assertThat(rejectedAgain.status()).isEqualTo(rejected.status());
        assertThat(new String(rejected.body())).contains("\"success\":false");
        assertThat(rejectedAgain.body()).isEqualTo(rejected.body());
        assertThat(rejectedAgain.replayed()).isTrue();
    }

    @Test
    void anotherUserAnotherPayloadOrAnOldRecordGoToTheStore() {
        try (Store store = open()) {
            SmsAcceptance acceptance = acceptance(store, false, new CommittedAnswers(RETENTION, 100, clock));
            IdempotentAnswer first = acceptance.accept("u", "k", BODY);

            IdempotentAnswer reused = acceptance.accept("u", "k", json("{\"to\":\"+420777123456\",\"text\":\"Other\"}"));
            assertThat(reused.replayed()).isFalse();
            assertThat(reused.status()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.status());
            assertThat(reused.body()).isEqualTo(Answers.errorBody(List.of(Problem.of(ErrorCode.IDEMPOTENCY_KEY_REUSED))));
            assertThat(acceptance.accept("v", "k", BODY).replayed()).as("another user's key").isFalse();

            // past the retention the purge deletes the record: the same request is a new message
            clock.advance(RETENTION.plusMinutes(1));
            assertThat(new IdempotencyPurger(store, RETENTION, clock).purge()).isEqualTo(2);
            IdempotentAnswer again = acceptance.accept("u", "k", BODY);
            assertThat(again.replayed()).isFalse();
            assertThat(again.body()).isNotEqualTo(first.body());
        }
    }

    @Test
    void pastHalfTheRetentionTheStoreAnswers() {
        Store store = open();
        SmsAcceptance acceptance = acceptance(store, false, new CommittedAnswers(RETENTION, 100, clock));
        acceptance.accept("u", "k", BODY);
        clock.advance(RETENTION.dividedBy(2));
        store.close();

        assertThatThrownBy(() -> acceptance.accept("u", "k", BODY)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aKeyAnotherInstanceRecordedIsAnsweredByTheStoreOnceThenFromMemory() {
        // a committed record never changes (only the purge deletes it), whoever recorded it
        Store store = open();
        SmsAcceptance one = acceptance(store, false, new CommittedAnswers(RETENTION, 100, clock));
        SmsAcceptance other = acceptance(store, false, new CommittedAnswers(RETENTION, 100, clock));
        IdempotentAnswer first = one.accept("u", "k", BODY);
        IdempotentAnswer fromStore = other.accept("u", "k", BODY);
        assertThat(fromStore.replayed()).isTrue();
        assertThat(fromStore.body()).isEqualTo(first.body());
        store.close();

        IdempotentAnswer fromMemory = other.accept("u", "k", BODY);
        assertThat(fromMemory.replayed()).isTrue();
        assertThat(fromMemory.body()).isEqualTo(first.body());
        // another payload under the key still goes to the store (which is closed)
        assertThatThrownBy(() -> other.accept("u", "k", Json.createObjectBuilder(BODY).add("text", "other").build()))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aKeyPushedOutByNewerOnesIsRememberedAgainAtItsNextReplay() {
        Store store = open();
        SmsAcceptance acceptance = acceptance(store, false, new CommittedAnswers(RETENTION, 2, clock));
        IdempotentAnswer first = acceptance.accept("u", "k", BODY);
        acceptance.accept("u", "k2", BODY);
        acceptance.accept("u", "k3", BODY);
        assertThat(acceptance.accept("u", "k", BODY).body()).isEqualTo(first.body());   // from the store
        store.close();

        assertThat(acceptance.accept("u", "k", BODY).body()).isEqualTo(first.body());   // from memory
    }

    @Test
    void answersThatWaitForTheFirstAttemptAreNotRemembered() {
        // such an answer is rewritten after the attempt ("sent"): only the store has the last word
        Store store = open();
        SmsAcceptance acceptance = acceptance(store, true, new CommittedAnswers(RETENTION, 100, clock));
        acceptance.accept("u", "k", BODY);
        store.close();

        assertThatThrownBy(() -> acceptance.accept("u", "k", BODY)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void theOldestAnswersAreForgottenFirst() {
        CommittedAnswers answers = new CommittedAnswers(RETENTION, 2, clock);
        for (String key : new String[] {"a", "b", "c"}) {
            answers.committed(new IdempotencyRecord("u", key, "fp-" + key, 200, key.getBytes(), "m-" + key,
                    clock.millis()));
        }
        assertThat(answers.size()).isEqualTo(2);
        assertThat(answers.replay("u", "a", "fp-a")).isEmpty();
        assertThat(answers.replay("u", "b", "fp-b")).get().extracting(IdempotentAnswer::body).isEqualTo("b".getBytes());
        assertThat(answers.replay("u", "c", "fp-c")).isPresent();
        assertThat(answers.replay("u", "c", "fp-other")).isEmpty();
    }

    private Store open() {
        return Store.open(new StoreSettings("jdbc:sqlite:" + dir.resolve("replays.db"), "FULL", Duration.ofSeconds(5)));
    }

    private SmsAcceptance acceptance(Store store, boolean waits, CommittedAnswers committed) {
        Outbox outbox = new FixedOutbox(SmsStatus.QUEUED, waits);
        return new SmsAcceptance(store, new SmsRequestParser(1), outbox, clock, OptOutGuard.NONE,
                committed);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }
}
