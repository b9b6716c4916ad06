package io.hookpoint.providers.infobip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.providers.infobip.InfobipStub.Answer;
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
 * Hookpoint sends through Infobip's fully featured SMS method (a local HTTPS stub with Infobip's documented
 * answers): the exact request, the answer's message id and parts kept, 429 and 5xx tried again, permanent
 * errors (HTTP or a REJECTED status in a 200) failed with Infobip's code, a lost answer not sent again, and
 * never two calls at once for one message.
 */
class InfobipDeliveryTest {
    static final String PUBLIC_URL = "https://sms.example.com";
    static final String CALLBACK_TOKEN = "infobip-callback-secret-for-tests";

    private InfobipStub infobip;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    static Map<String, String> infobipConfig(InfobipStub infobip) {
        Map<String, String> config = TestHookpoint.providerConfig("infobip", PUBLIC_URL);
        config.put("hookpoint.infobip.api.key", InfobipStub.API_KEY);
        config.put("hookpoint.infobip.url", infobip.url() + "/");
        config.put("hookpoint.infobip.from", "InfoSMS");
        config.put("hookpoint.infobip.callback.token", CALLBACK_TOKEN);
        config.put("hookpoint.infobip.trust", infobip.certificate().toString());
        return config;
    }

    private void start(Map<String, String> extra) throws Exception {
        infobip = new InfobipStub();
        Map<String, String> config = infobipConfig(infobip);
        config.putAll(extra);
        hookpoint = TestHookpoint.create(config);
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, infobip);
    }

    static String send(HttpsClient client, String body) {
        Reply reply = client.sendSms("infobip-" + UUID.randomUUID(), body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    @Test
    void theDocumentedRequestGoesOutAndTheAnswerIsKept() throws Exception {
        start(Map.of());
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Hello & welcome, Jana\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        InfobipStub.Call call = infobip.callsFor(id).get(0);
        assertThat(call.path()).isEqualTo("/sms/2/text/advanced");
        assertThat(call.authorization()).isEqualTo("App " + InfobipStub.API_KEY);
        assertThat(call.contentType()).isEqualTo("application/json");
        assertThat(call.body().getBoolean("includeSmsCountInResponse")).isTrue();
        JsonObject sent = call.message();
        assertThat(sent.keySet()).containsExactlyInAnyOrder("from", "destinations", "text", "notifyUrl",
                "notifyContentType", "callbackData");
        assertThat(sent.getString("from")).isEqualTo("InfoSMS");
        assertThat(sent.getJsonArray("destinations")).hasSize(1);
        assertThat(sent.getJsonArray("destinations").getJsonObject(0).getString("to")).isEqualTo("420777123456");
        assertThat(sent.getJsonArray("destinations").getJsonObject(0).getString("messageId")).isEqualTo(id);
        assertThat(sent.getString("text")).isEqualTo("Hello & welcome, Jana");
        assertThat(sent.getString("notifyUrl")).isEqualTo(PUBLIC_URL + "/callbacks/infobip/status?message_id=" + id
                + "&token=" + CALLBACK_TOKEN);
        assertThat(sent.getString("notifyContentType")).isEqualTo("application/json");
        assertThat(sent.getString("callbackData")).isEqualTo(id);
        assertThat(message.getString("provider")).isEqualTo("infobip");
        assertThat(message.getString("provider_message_id")).isEqualTo(id);
        assertThat(message.getInt("segments_billed")).isEqualTo(2);
    }

    @Test
    void theRequestsSenderOverridesFromAndUnicodeTextGoesAsItIs() throws Exception {
        start(Map.of());
        String branded = send(client, "{\"to\":\"+420777123456\",\"text\":\"Brand\",\"sender\":\"ACME\"}");
        String unicode = send(client, "{\"to\":\"+420777123456\",\"text\":\"Dobrý den, Žofie 👋\"}");
        client.awaitSmsStatus(branded, "sent");
        JsonObject stored = client.awaitSmsStatus(unicode, "sent");

        assertThat(infobip.callsFor(branded).get(0).message().getString("from")).isEqualTo("ACME");
        assertThat(stored.getString("encoding")).isEqualTo("UCS-2");
        JsonObject sent = infobip.callsFor(unicode).get(0).message();
        // Infobip's textual method sends non-GSM text as Unicode by itself; transliteration would change the text
        assertThat(sent.getString("text")).isEqualTo("Dobrý den, Žofie 👋");
        assertThat(sent.getString("from")).isEqualTo("InfoSMS");
        assertThat(sent.keySet()).doesNotContain("transliteration", "language");
    }

    @Test
    void withoutAPublicUrlNoNotifyUrlIsGiven() throws Exception {
        start(Map.of("hookpoint.public.url", "", "hookpoint.infobip.callback.token", ""));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"No reports\"}");
        client.awaitSmsStatus(id, "sent");

        assertThat(infobip.callsFor(id).get(0).message().keySet())
                .doesNotContain("notifyUrl", "notifyContentType", "callbackData");
    }

    @Test
    void throttledAndServerErrorsAreTriedAgainOneCallAtATime() throws Exception {
        start(Map.of());
        infobip.behave((id, attempt) -> switch (attempt) {
        case 1 -> Answer.error(429, "TOO_MANY_REQUESTS", "Too many requests").header("Retry-After", "1").after(50);
        case 2 -> Answer.error(500, "GENERAL_ERROR", "Something went wrong").after(50);
        case 3 -> Answer.error(503, "SERVICE_UNAVAILABLE", "Service unavailable").after(50);
        default -> Answer.accepted(id);
        });
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Retry me\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        List<InfobipStub.Call> calls = infobip.callsFor(id);
        assertThat(calls).hasSize(4);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).startNanos()).isGreaterThan(calls.get(i - 1).endNanos());
        }
        // Retry-After: 1 was honoured before the second call
        assertThat(calls.get(1).startNanos() - calls.get(0).endNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
        assertThat(message.getString("provider_message_id")).isEqualTo(id);
    }

    @Test
    void permanentErrorsFailWithInfobipsCode() throws Exception {
        start(Map.of());
        infobip.behave((id, attempt) -> Answer.error(400, "BAD_REQUEST", "Bad request"));
        String invalid = send(client, "{\"to\":\"+420777123456\",\"text\":\"Invalid\"}");
        JsonObject badRequest = client.awaitSmsStatus(invalid, "failed");
        infobip.behave((id, attempt) -> Answer.rejectedInBody(id, 12, "REJECTED_NOT_ENOUGH_CREDITS",
                "Not enough credits"));
        String rejected = send(client, "{\"to\":\"+420777123458\",\"text\":\"No credit\"}");
        JsonObject noCredit = client.awaitSmsStatus(rejected, "failed");

        assertThat(badRequest.getString("last_error")).contains("400").contains("BAD_REQUEST");
        assertThat(badRequest.getString("provider_error_code")).isEqualTo("BAD_REQUEST");
        assertThat(noCredit.getString("last_error")).contains("REJECTED").contains("Not enough credits");
        assertThat(noCredit.getString("provider_error_code")).isEqualTo("REJECTED_NOT_ENOUGH_CREDITS");
        assertThat(noCredit.getString("provider")).isEqualTo("infobip");
        assertThat(infobip.callsFor(invalid)).hasSize(1);
        assertThat(infobip.callsFor(rejected)).hasSize(1);
    }

    @Test
    void refusedCredentialsPauseTheLaneUntilFixedAndFailNoMessage() throws Exception {
        start(Map.of("hookpoint.delivery.backoff.max", "PT0.3S", "hookpoint.delivery.attempts", "1"));
        infobip.behave((id, attempt) -> attempt <= 2 ? Answer.error(401, "UNAUTHORIZED", "Invalid login details")
                : Answer.accepted(id));
        String id = send(client, "{\"to\":\"+420777123457\",\"text\":\"Wrong key, then fixed\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        assertThat(infobip.callsFor(id)).hasSize(3);
        assertThat(message.getInt("attempts")).isEqualTo(1);
    }

    @Test
    void anAnswerThatNeverComesIsNotSentAgain() throws Exception {
        start(Map.of());
        infobip.behave((id, attempt) -> Answer.accepted(id).after(3_000));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Slow\"}");

        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getString("last_error")).contains("may have been sent");
        Thread.sleep(1_500);
        assertThat(infobip.callsFor(id)).hasSize(1);
    }

    @Test
    void missingSettingsAreNamedInOneLineAtStart() {
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "infobip")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The infobip gateway needs HOOKPOINT_INFOBIP_API_KEY, HOOKPOINT_INFOBIP_URL");
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "infobip",
                "hookpoint.public.url", PUBLIC_URL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The infobip gateway needs HOOKPOINT_INFOBIP_API_KEY, HOOKPOINT_INFOBIP_URL,"
                        + " HOOKPOINT_INFOBIP_CALLBACK_TOKEN (HOOKPOINT_PUBLIC_URL is set)");
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "infobip",
                "hookpoint.infobip.api.key", "k", "hookpoint.infobip.url", "xxxxx.api.infobip.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HOOKPOINT_INFOBIP_URL must be an absolute https URL");
    }
}
