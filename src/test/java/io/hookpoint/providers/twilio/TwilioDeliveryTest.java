package io.hookpoint.providers.twilio;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.providers.twilio.TwilioStub.Answer;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hookpoint sends through Twilio's Messages API (a local HTTPS stub with Twilio's documented answers): the
 * exact request, the answer's sid, parts and price kept, 429 and 5xx tried again, permanent errors failed
 * with Twilio's code, and never two calls at once for one message.
 */
class TwilioDeliveryTest {
    static final String PUBLIC_URL = "https://sms.example.com";

    private TwilioStub twilio;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    static Map<String, String> twilioConfig(TwilioStub twilio) {
        Map<String, String> config = TestHookpoint.providerConfig("twilio", PUBLIC_URL);
        config.put("hookpoint.twilio.account.sid", TwilioStub.SID);
        config.put("hookpoint.twilio.auth.token", TwilioStub.TOKEN);
        config.put("hookpoint.twilio.from", "+15005550006");
        config.put("hookpoint.twilio.url", twilio.url().toString());
        config.put("hookpoint.twilio.trust", twilio.certificate().toString());
        return config;
    }

    private void start(Map<String, String> extra) throws Exception {
        twilio = new TwilioStub();
        Map<String, String> config = twilioConfig(twilio);
        config.putAll(extra);
        hookpoint = TestHookpoint.create(config);
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, twilio);
    }

    static String send(HttpsClient client, String body) {
        Reply reply = client.sendSms("twilio-" + UUID.randomUUID(), body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    @Test
    void theDocumentedRequestGoesOutAndTheAnswerIsKept() throws Exception {
        start(Map.of());
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Hello & welcome, Jana\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        TwilioStub.Call call = twilio.callsFor(id).get(0);
        assertThat(call.path()).isEqualTo("/2010-04-01/Accounts/" + TwilioStub.SID + "/Messages.json");
        assertThat(call.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (TwilioStub.SID + ":" + TwilioStub.TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(call.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(call.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "To", "+420777123456", "From", "+15005550006", "Body", "Hello & welcome, Jana",
                "StatusCallback", PUBLIC_URL + "/callbacks/twilio/status?message_id=" + id));
        assertThat(message.getString("provider")).isEqualTo("twilio");
        assertThat(message.getString("provider_message_id")).isEqualTo("SM" + id.replace("-", ""));
        assertThat(message.getInt("segments_billed")).isEqualTo(2);
        assertThat(message.getString("price")).isEqualTo("-0.00750");
        assertThat(message.getString("price_currency")).isEqualTo("USD");
    }

    @Test
    void theRequestsSenderOverridesFromAndAMessagingServiceIsNamed() throws Exception {
        start(Map.of("hookpoint.twilio.messaging.service.sid", "MG0123456789abcdef0123456789abcdef",
                "hookpoint.twilio.from", ""));
        String plain = send(client, "{\"to\":\"+420777123456\",\"text\":\"Service\"}");
        String branded = send(client, "{\"to\":\"+420777123456\",\"text\":\"Brand\",\"sender\":\"ACME\"}");
        client.awaitSmsStatus(plain, "sent");
        client.awaitSmsStatus(branded, "sent");

        assertThat(twilio.callsFor(plain).get(0).form()).doesNotContainKey("From")
                .containsEntry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef");
        assertThat(twilio.callsFor(branded).get(0).form()).containsEntry("From", "ACME");
    }

    @Test
    void throttledAndServerErrorsAreTriedAgainOneCallAtATime() throws Exception {
        start(Map.of());
        twilio.behave((id, attempt) -> switch (attempt) {
        case 1 -> Answer.error(429, 20429, "Too Many Requests").header("Retry-After", "1").after(50);
        case 2 -> Answer.error(503, 20503, "Service unavailable").after(50);
        default -> Answer.created(id);
        });
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Retry me\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        List<TwilioStub.Call> calls = twilio.callsFor(id);
        assertThat(calls).hasSize(3);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).startNanos()).isGreaterThan(calls.get(i - 1).endNanos());
        }
        // Retry-After: 1 was honoured before the second call
        assertThat(calls.get(1).startNanos() - calls.get(0).endNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
        assertThat(message.getString("provider_message_id")).startsWith("SM");
    }

    @Test
    void permanentErrorsFailWithTwiliosCode() throws Exception {
        start(Map.of());
        twilio.behave((id, attempt) ->
                Answer.error(400, 21211, "The 'To' number +420777123456 is not a valid phone number."));
        String invalid = send(client, "{\"to\":\"+420777123456\",\"text\":\"Invalid\"}");
        JsonObject failed = client.awaitSmsStatus(invalid, "failed");
        twilio.behave((id, attempt) -> Answer.error(400, 21610, "Attempt to send to unsubscribed recipient"));
        String stopped = send(client, "{\"to\":\"+420777123457\",\"text\":\"Stopped\"}");
        JsonObject unsubscribed = client.awaitSmsStatus(stopped, "failed");

        assertThat(failed.getString("last_error")).contains("400").contains("21211");
        assertThat(unsubscribed.getString("last_error")).contains("21610").contains("unsubscribed");
        // the code a send was refused with is the provider's error code, as a report's would be
        assertThat(failed.getString("provider_error_code")).isEqualTo("21211");
        assertThat(unsubscribed.getString("provider_error_code")).isEqualTo("21610");
        assertThat(unsubscribed.getString("provider")).isEqualTo("twilio");
        assertThat(twilio.callsFor(invalid)).hasSize(1);
        assertThat(twilio.callsFor(stopped)).hasSize(1);
    }

    @Test
    void anAnswerThatNeverComesIsNotSentAgain() throws Exception {
        start(Map.of());
        twilio.behave((id, attempt) -> Answer.created(id).after(3_000));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Slow\"}");

        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getString("last_error")).contains("may have been sent");
        Thread.sleep(1_500);
        assertThat(twilio.callsFor(id)).hasSize(1);
    }

    @Test
    void missingSettingsAreNamedInOneLineAtStart() {
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "twilio")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The twilio gateway needs HOOKPOINT_TWILIO_ACCOUNT_SID, HOOKPOINT_TWILIO_AUTH_TOKEN,"
                        + " HOOKPOINT_TWILIO_FROM or HOOKPOINT_TWILIO_MESSAGING_SERVICE_SID");
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "carrier-pigeon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HOOKPOINT_GATEWAY_TYPE must be one of log, http, twilio")
                .hasMessageEndingWith(", is 'carrier-pigeon'");
    }
}
