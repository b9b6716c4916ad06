package io.hookpoint.policy;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision table in both directions, row by row. */
class StatusPolicyTest {

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void everyOutcomeMeansToBloomreachWhatWeIntend(Outcome outcome) {
        assertThat(BloomreachSender.react(outcome.status())).isEqualTo(outcome.intendedReaction());
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void onlyDecisionsAreStoredNeverRetryableAnswers(Outcome outcome) {
        if (outcome.status() >= 500) {
            assertThat(outcome.stored()).isFalse();
        }
        assertThat(outcome.retryAfter()).isEqualTo(outcome.status() == 503 || outcome.status() == 429);
    }

    @Test
    void aProblemOfOneCustomerNeverStopsTheWebhook() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.code() < 2000) {
                assertThat(code.status()).as(code.name()).isEqualTo(200);
            }
            if (code.outcome().intendedReaction() == BloomreachReaction.STOP) {
                assertThat(code.outcome()).isIn(Outcome.DEFINITION_BROKEN, Outcome.NOT_FOUND, Outcome.BODY_TOO_LARGE);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            200, DELIVERED
            204, DELIVERED
            400, STOP
            404, STOP
            410, STOP
            412, STOP
            413, STOP
            418, STOP
            401, FAILED
            403, FAILED
            405, FAILED
            415, FAILED
            422, FAILED
            429, RETRY
            500, RETRY
            502, RETRY
            503, RETRY
            504, RETRY
            302, FAILED
            """)
    void howBloomreachReadsAStatus(int status, BloomreachReaction reaction) {
        assertThat(BloomreachSender.react(status)).isEqualTo(reaction);
    }

    @Test
    void noAnswerAtAllIsRetried() {
        assertThat(BloomreachSender.reactToTransportFailure()).isEqualTo(BloomreachReaction.RETRY);
    }

    @Test
    void retryScheduleOfAPerCustomerWebhook() {
        RetrySchedule schedule = RetrySchedule.perCustomer();

        assertThat(schedule.maxRetries()).isEqualTo(3);
        assertThat(schedule.averageDelay(1)).isEqualTo(Duration.ofSeconds(7));
        assertThat(schedule.averageDelay(2)).isEqualTo(Duration.ofSeconds(45));
        assertThat(schedule.averageDelay(3)).isEqualTo(Duration.ofSeconds(300));
        assertThat(schedule.minDelay(1)).isEqualTo(Duration.ofMillis(6_300));
        assertThat(schedule.maxDelay(3)).isEqualTo(Duration.ofSeconds(330));
        assertThatThrownBy(() -> schedule.averageDelay(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryScheduleOfABatchWebhook() {
        assertThat(RetrySchedule.batch(9).maxRetries()).isEqualTo(3);
        RetrySchedule batch = RetrySchedule.batch(10);
        assertThat(batch.maxRetries()).isEqualTo(7);
        assertThat(batch.averageDelay(7)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void drawnDelaysStayWithinTenPercent() {
        RetrySchedule schedule = RetrySchedule.perCustomer();
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            for (int retry = 1; retry <= 3; retry++) {
                assertThat(schedule.delay(retry, random)).isBetween(schedule.minDelay(retry), schedule.maxDelay(retry));
            }
        }
    }
}
