package io.hookpoint.sms;

import java.io.StringReader;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Field by field reading of the request body. */
class SmsRequestParserTest {
    private final SmsRequestParser parser = new SmsRequestParser(1);

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aFullRequestBecomesADraft() {
        SmsRequestParser.Parsed parsed = parser.parse(json("""
                {"to":"+420 777 123 456","text":"Hi","sender":"ACME","customer_id":12345,
                 "campaign":{"scenario_id":"s","action_id":7},"reference":"r"}"""));

        assertThat(parsed.problems()).isEmpty();
        SmsDraft draft = parsed.draft();
        assertThat(draft.recipient()).isEqualTo("+420777123456");
        assertThat(draft.customerId()).isEqualTo("12345");
        assertThat(draft.actionId()).isEqualTo("7");
        assertThat(draft.measure().segments()).isEqualTo(1);
    }

    @Test
    void emptyOptionalFieldsAreAbsent() {
        SmsDraft draft = parser.parse(json("""
                {"to":"+420777123456","text":"Hi","sender":"","customer_id":"","campaign":null,"reference":null}"""))
                .draft();

        assertThat(draft.sender()).isNull();
        assertThat(draft.customerId()).isNull();
        assertThat(draft.scenarioId()).isNull();
        assertThat(draft.reference()).isNull();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SmsRequestParser.Parsed parsed = parser.parse(json("""
                {"to":"123","text":"","sender":"!!","customer_id":true,"reference":{"a":1}}"""));

        assertThat(parsed.draft()).isNull();
        assertThat(parsed.problems()).extracting(Problem::code).containsExactlyInAnyOrder(
                ErrorCode.RECIPIENT_INVALID, ErrorCode.TEXT_MISSING, ErrorCode.SENDER_INVALID,
                ErrorCode.FIELD_WRONG_TYPE, ErrorCode.FIELD_WRONG_TYPE);
        assertThat(parsed.problems()).extracting(Problem::description)
                .contains("Field 'customer_id' must be a string or a number.");
    }

    @Test
    void aWronglyTypedRequiredFieldIsReportedOnceAsWrongType() {
        SmsRequestParser.Parsed parsed = parser.parse(json("{\"to\":[1],\"text\":false}"));

        assertThat(parsed.problems()).extracting(Problem::description).containsExactlyInAnyOrder(
                "Field 'to' must be a string.", "Field 'text' must be a string.");
    }

    @Test
    void theSegmentLimitIsConfigurable() {
        String text = "{\"to\":\"+420777123456\",\"text\":\"" + "a".repeat(300) + "\"}";

        assertThat(new SmsRequestParser(1).parse(json(text)).problems()).extracting(Problem::description)
                .containsExactly("SMS message too long. Limit is 160 characters.");
        assertThat(new SmsRequestParser(2).parse(json(text)).problems()).isEmpty();
        assertThat(new SmsRequestParser(2).parse(json(text.replace("a", "ř"))).problems())
                .extracting(Problem::description).containsExactly("SMS message too long. Limit is 134 characters.");
        assertThatThrownBy(() -> new SmsRequestParser(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
