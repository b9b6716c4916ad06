package io.hookpoint.providers.twilio;

import java.util.UUID;

import io.hookpoint.providers.twilio.TwilioStub.Answer;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.hookpoint.providers.twilio.TwilioDeliveryTest.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's "Attempt to send to unsubscribed recipient" (21610): the message fails, and the number goes on our
 * suppression list too (source provider_error), so the next request to it is refused with 1012 and never
 * reaches Twilio; another refusal (21211) suppresses nothing.
 */
class TwilioUnsubscribedTest {
    private TwilioStub twilio;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    @BeforeEach
    void start() throws Exception {
        twilio = new TwilioStub();
        hookpoint = TestHookpoint.create(TwilioDeliveryTest.twilioConfig(twilio));
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, twilio);
    }

    @Test
    void error21610SuppressesTheNumber() throws Exception {
        twilio.behave((id, attempt) -> Answer.error(400, 21211, "The 'To' number is not a valid phone number."));
        String invalid = send(client, "{\"to\":\"+420777500001\",\"text\":\"Invalid\"}");
        client.awaitSmsStatus(invalid, "failed");
        twilio.behave((id, attempt) -> Answer.error(400, 21610, "Attempt to send to unsubscribed recipient"));
        String stopped = send(client, "{\"to\":\"+420777500002\",\"text\":\"Stopped\"}");
        client.awaitSmsStatus(stopped, "failed");

        twilio.behave((id, attempt) -> Answer.created(id));
        Reply again = client.sendSms("after-21610-" + UUID.randomUUID(), "{\"to\":\"+420777500002\",\"text\":\"Again\"}");
        Reply other = client.sendSms("after-21211-" + UUID.randomUUID(), "{\"to\":\"+420777500001\",\"text\":\"Again\"}");

        assertThat(again.errorCodes()).containsExactly(1012);
        assertThat(other.success()).isTrue();
        client.awaitSmsStatus(other.json().getJsonObject("result").getString("message_id"), "sent");
        // invalid, stopped, and the other number's second message: nothing more to the unsubscribed number
        assertThat(twilio.calls()).hasSize(3);
        JsonObject entry = client.withCredentials(TestHookpoint.ADMIN, TestHookpoint.ADMIN_PASSWORD)
                .get("/admin/v1/suppressions").json().getJsonObject("result").getJsonArray("suppressions")
                .getJsonObject(0);
        assertThat(entry.getString("number")).isEqualTo("+420777500002");
        assertThat(entry.getString("source")).isEqualTo("provider_error");
        assertThat(entry.getString("provider")).isEqualTo("twilio");
    }
}
