package io.hookpoint.sms;

import java.util.Arrays;

import io.hookpoint.api.model.MessageStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The domain's statuses and the contract's: one each way, stored as the contract spells them. */
class SmsStatusTest {

    @Test
    void mapsOneToOneOntoTheContract() {
        assertThat(Arrays.stream(SmsStatus.values()).map(SmsStatus::api))
                .containsExactlyInAnyOrder(MessageStatus.values());
        for (SmsStatus status : SmsStatus.values()) {
            assertThat(status.label()).isEqualTo(status.api().getValue());
            assertThat(SmsStatus.of(status.label())).isEqualTo(status);
        }
    }

    @Test
    void refusesAnUnknownStoredValue() {
        assertThatThrownBy(() -> SmsStatus.of("QUEUED")).isInstanceOf(IllegalArgumentException.class);
    }
}
