package io.hookpoint.sms;

import java.nio.charset.StandardCharsets;

import io.hookpoint.api.model.MessageStatus;
import io.hookpoint.web.JsonBodies;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class AcceptanceJsonTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "queued, Hello, NULL",
            "sent, Hello, ref-1",
            "queued, Příliš žluťoučký kůň \"quoted\" \\ back, 'ref \"2\" ž'",
            "sent, '€ and [brackets] on a long line that goes past one hundred and sixty characters of GSM text, which makes it two segments long in the end, and a bit more text', NULL"})
    void writesTheBytesJsonBWritesForTheModel(String status, String text, String reference) {
        SmsDraft draft = new SmsDraft("+420777123456", text, SmsText.measure(text), null, "c-1", null, null, reference);
        MessageStatus messageStatus = MessageStatus.fromValue(status);

        String direct = new String(AcceptanceJson.write("m-1", draft, messageStatus), StandardCharsets.UTF_8);
        String jsonB = new String(JsonBodies.write(AcceptanceJson.model("m-1", draft, messageStatus)),
                StandardCharsets.UTF_8);

        assertThat(direct, is(jsonB));
    }
}
