package io.hookpoint.sms;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The recipient (E.164) and sender id rules. */
class RecipientAndSenderTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            +420777123456      | +420777123456
            +420 777 123 456   | +420777123456
            +1 (415) 555-0100  | +14155550100
            00420777123456     | +420777123456
            +44.20.7946.0958   | +442079460958
            +123456789012345   | +123456789012345
            """)
    void validNumbersAreNormalized(String raw, String e164) {
        assertThat(Recipient.normalize(raw)).contains(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"777123456", "+0777123456", "+1234567", "+1234567890123456", "+42077712345a",
            "++420777123456", "+", "tel:+420777123456", "+420\u0000777123456"})
    void invalidNumbersAreRejected(String raw) {
        assertThat(Recipient.normalize(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "Shop 24", "ABCDEFGHIJK", "1A", "+420777123456", "12345"})
    void validSenders(String sender) {
        assertThat(SenderId.isValid(sender)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABCDEFGHIJKL", "AC<ME>", "Škoda", " ", "+1234567890123456", "a-b"})
    void invalidSenders(String sender) {
        assertThat(SenderId.isValid(sender)).isFalse();
    }
}
