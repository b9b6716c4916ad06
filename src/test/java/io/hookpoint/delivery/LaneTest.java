package io.hookpoint.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The pacer's logic on a fake clock: the sleeper advances the time (sometimes late, as a busy machine
 * wakes threads late), so rates are counted, not timed.
 */
class LaneTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /** A clock that only moves when the lane sleeps, by the time asked plus an optional lateness. */
    private static final class FakeTime {
        long now = 1_000 * SECOND;
        final Random late = new Random(42);
        long maxLateNanos;

        Lane lane(double rate) {
            return new Lane("stub", rate, () -> now, nanos -> now += nanos + (maxLateNanos == 0 ? 0
                    : (long) (late.nextDouble() * maxLateNanos)));
        }
    }

    private static List<Long> starts(Lane lane, int calls) throws InterruptedException {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            starts.add(lane.acquire(Long.MAX_VALUE));
        }
        return starts;
    }

    private static int mostStartsWithin(List<Long> starts, long window) {
        int most = 0;
        for (int i = 0, j = 0; i < starts.size(); i++) {
            while (starts.get(i) - starts.get(j) >= window) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    @Test
    void aConfiguredRateIsHeldWithinFivePercentAndEvenlySpaced() throws InterruptedException {
        FakeTime time = new FakeTime();
        time.maxLateNanos = 3 * MS;  // wake-ups up to 3 ms late
        Lane lane = time.lane(300);

        List<Long> starts = starts(lane, 3_000);

        double achieved = (starts.size() - 1) * (double) SECOND / (starts.getLast() - starts.getFirst());
        assertThat(achieved).isBetween(285.0, 315.0);
        // smooth: 100 ms hold about 30 starts (a little catch-up after late wake-ups), never a second's worth
        assertThat(mostStartsWithin(starts, 100 * MS)).isLessThanOrEqualTo(40);
    }

    @Test
    void anUnlimitedLaneNeverWaits() throws InterruptedException {
        FakeTime time = new FakeTime();
        Lane lane = time.lane(0);
        long before = time.now;

        starts(lane, 10_000);

        assertThat(time.now).isEqualTo(before);
    }

    @Test
    void aRetryAfterPausesTheLaneAndCallsReservedBeforeThePauseWaitToo() throws InterruptedException {
        FakeTime time = new FakeTime();
        Lane lane = time.lane(100);
        long started = lane.acquire(Long.MAX_VALUE);

        long resume = lane.throttled(started, Duration.ofSeconds(2));

        assertThat(resume).isEqualTo(started + 2 * SECOND);
        assertThat(lane.claimable(100)).as("no claims while paused").isZero();
        assertThat(lane.acquire(Long.MAX_VALUE)).isGreaterThanOrEqualTo(started + 2 * SECOND);
        assertThat(lane.claimable(100)).isPositive();
    }

    @Test
    void aPausedLaneRefusesACallThatCouldOnlyStartAfterItsLease() throws InterruptedException {
        FakeTime time = new FakeTime();
        Lane lane = time.lane(0);
        long started = lane.acquire(Long.MAX_VALUE);
        lane.throttled(started, Duration.ofSeconds(30));
        long before = time.now;

        assertThat(lane.acquire(before + 10 * SECOND)).isEqualTo(-1);
        assertThat(time.now).as("refused without waiting").isEqualTo(before);
    }

    @Test
    void aThrottleWithoutRetryAfterHalvesTheRateOnceForTheCallsInFlightThenRecoversGradually()
            throws InterruptedException {
        FakeTime time = new FakeTime();
        Lane lane = time.lane(200);
        List<Long> inFlight = starts(lane, 50);

        for (long started : inFlight) {
            lane.throttled(started, null);  // every call in flight comes back 429
        }

        assertThat(lane.rate()).as("halved once, not 50 times").isEqualTo(100.0);
        assertThat(lane.throttles()).isEqualTo(50);
        List<Long> slower = starts(lane, 100);
        double achieved = (slower.size() - 1) * (double) SECOND / (slower.getLast() - slower.getFirst());
        assertThat(achieved).isLessThan(150.0);
        long later = lane.acquire(Long.MAX_VALUE);
        double before = lane.rate();
        lane.throttled(later, null);
        assertThat(lane.rate()).as("a throttle after the slowdown halves again").isEqualTo(before / 2);

        time.now += 3 * SECOND;
        lane.acquire(Long.MAX_VALUE);
        assertThat(lane.rate()).as("recovers by a tenth per second").isCloseTo(before / 2 * 1.331, within(0.01));
        time.now += 60 * SECOND;
        lane.acquire(Long.MAX_VALUE);
        assertThat(lane.rate()).as("back to the operator's rate, not above").isEqualTo(200.0);
    }

    @Test
    void anUnlimitedLaneThrottledWithoutRetryAfterRunsAtHalfWhatItDidThenUnlimitedAgain()
            throws InterruptedException {
        FakeTime time = new FakeTime();
        Lane lane = time.lane(0);
        // 400 calls a second for two seconds
        for (int i = 0; i < 800; i++) {
            lane.acquire(Long.MAX_VALUE);
            time.now += SECOND / 400;
        }

        long started = lane.acquire(Long.MAX_VALUE);
        lane.throttled(started, null);

        assertThat(lane.rate()).isBetween(190.0, 210.0);
        time.now += 30 * SECOND;
        lane.acquire(Long.MAX_VALUE);
        assertThat(lane.rate()).as("unlimited again").isZero();
    }

    @Test
    void claimsKeepAtMostASecondsWorthWaitingAndComeInQuarters() throws InterruptedException {
        FakeTime time = new FakeTime();
        Lane lane = time.lane(100);

        assertThat(lane.claimable(512)).isEqualTo(100);
        lane.claimed(100);
        assertThat(lane.claimable(512)).isZero();
        starts(lane, 24);
        assertThat(lane.claimable(512)).as("less than a quarter second's worth free").isZero();
        starts(lane, 1);
        assertThat(lane.claimable(512)).isEqualTo(25);
        assertThat(lane.claimable(10)).isEqualTo(10);
    }
}
