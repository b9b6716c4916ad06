package io.hookpoint.providers.sinch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.providers.sinch.SinchStub.Answer;
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
 * Hookpoint sends through Sinch's SMS REST API (a local HTTPS stub with Sinch's documented answers): the
 * exact batch, the batch id kept, 429 and 5xx tried again one call at a time, permanent errors failed with
 * Sinch's code, and an answer that never came resolved by looking the batch up, never by a second SMS.
 */
class SinchDeliveryTest {
    static final String PUBLIC_URL = "https://sms.example.com";
    static final String CALLBACK_TOKEN = "sinch-callback-secret";

    private SinchStub sinch;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    static Map<String, String> sinchConfig(SinchStub sinch) {
        Map<String, String> config = TestHookpoint.providerConfig("sinch", PUBLIC_URL);
        config.put("hookpoint.sinch.service.plan.id", SinchStub.PLAN);
        config.put("hookpoint.sinch.token", SinchStub.TOKEN);
        config.put("hookpoint.sinch.from", "+12025550123");
        config.put("hookpoint.sinch.url", sinch.url().toString());
        config.put("hookpoint.sinch.trust", sinch.certificate().toString());
        config.put("hookpoint.sinch.callback.token", CALLBACK_TOKEN);
        // a repeat makes two calls (the look-up, then the send): the lease outlives both
        config.put("hookpoint.delivery.lease", "PT8S");
        return config;
    }

    private void start(Map<String, String> extra) throws Exception {
        sinch = new SinchStub();
        Map<String, String> config = sinchConfig(sinch);
        config.putAll(extra);
        hookpoint = TestHookpoint.create(config);
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, sinch);
    }

    static String send(HttpsClient client, String body) {
        Reply reply = client.sendSms("sinch-" + UUID.randomUUID(), body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    @Test
    void theDocumentedRequestGoesOutAndTheBatchIdIsKept() throws Exception {
        start(Map.of());
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Hello & welcome, Jana\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        SinchStub.Call call = sinch.sendsFor(id).get(0);
        assertThat(call.path()).isEqualTo("/xms/v1/" + SinchStub.PLAN + "/batches");
        assertThat(call.authorization()).isEqualTo("Bearer " + SinchStub.TOKEN);
        assertThat(call.contentType()).isEqualTo("application/json");
        assertThat(call.json().keySet()).containsExactlyInAnyOrder("from", "to", "body", "type", "delivery_report",
                "client_reference", "callback_url");
        assertThat(call.json().getString("from")).isEqualTo("+12025550123");
        assertThat(call.json().getJsonArray("to").getString(0)).isEqualTo("+420777123456");
        assertThat(call.json().getJsonArray("to")).hasSize(1);
        assertThat(call.json().getString("body")).isEqualTo("Hello & welcome, Jana");
        assertThat(call.json().getString("type")).isEqualTo("mt_text");
        assertThat(call.json().getString("delivery_report")).isEqualTo("per_recipient");
        assertThat(call.json().getString("client_reference")).isEqualTo(id);
        assertThat(call.json().getString("callback_url")).isEqualTo(PUBLIC_URL + "/callbacks/sinch/status?message_id="
                + id + "&token=" + CALLBACK_TOKEN);
        assertThat(sinch.callsFor(id)).hasSize(1);   // a first attempt looks nothing up
        assertThat(message.getString("provider")).isEqualTo("sinch");
        assertThat(message.getString("provider_message_id")).isEqualTo(SinchStub.batchId(id));
    }

    @Test
    void ucs2TextGoesAsItIsAndTheRequestsSenderOverridesFrom() throws Exception {
        start(Map.of());
        String text = "Příliš žluťoučký kůň úpěl ďábelské ódy 😀";
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"" + text + "\",\"sender\":\"ACME\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        JsonObject batch = sinch.sendsFor(id).get(0).json();
        assertThat(message.getString("encoding")).isEqualTo("UCS-2");
        // Sinch detects the encoding from the characters: the text goes unchanged, with no flag or udh
        assertThat(batch.getString("body")).isEqualTo(text);
        assertThat(batch.getString("type")).isEqualTo("mt_text");
        assertThat(batch).doesNotContainKeys("udh", "encoding", "max_number_of_message_parts");
        assertThat(batch.getString("from")).isEqualTo("ACME");
    }

    @Test
    void withoutPublicUrlOrDefaultSenderTheBatchStillNamesOurId() throws Exception {
        start(Map.of("hookpoint.public.url", "", "hookpoint.sinch.from", ""));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Plan defaults\"}");
        client.awaitSmsStatus(id, "sent");

        JsonObject batch = sinch.sendsFor(id).get(0).json();
        // reports then go to the plan's callback URL and find the message by client_reference
        assertThat(batch).doesNotContainKeys("callback_url", "from");
        assertThat(batch.getString("client_reference")).isEqualTo(id);
    }

    @Test
    void throttledAndServerErrorsAreTriedAgainOneCallAtATime() throws Exception {
        start(Map.of());
        sinch.behave((id, attempt) -> switch (attempt) {
        case 1 -> Answer.plain(429).header("Retry-After", "1").after(50);
        case 2 -> Answer.plain(503).after(50);
        default -> Answer.created(id);
        });
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Retry me\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        List<SinchStub.Call> calls = sinch.callsFor(id);
        // the 429 is not an attempt; after the 503 Sinch is first asked whether the batch exists
        assertThat(calls).extracting(SinchStub.Call::method).containsExactly("POST", "POST", "GET", "POST");
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).startNanos()).isGreaterThan(calls.get(i - 1).endNanos());
        }
        assertThat(calls.get(1).startNanos() - calls.get(0).endNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
        assertThat(calls.get(2).query()).contains("client_reference=" + id).contains("start_date=");
        assertThat(calls.get(2).authorization()).isEqualTo("Bearer " + SinchStub.TOKEN);
        assertThat(message.getString("provider_message_id")).isEqualTo(SinchStub.batchId(id));
    }

    @Test
    void permanentErrorsFailWithSinchsCode() throws Exception {
        start(Map.of());
        sinch.behave((id, attempt) -> Answer.error(400, "syntax_invalid_parameter_format",
                "Invalid MSISDN format"));
        String invalid = send(client, "{\"to\":\"+420777123456\",\"text\":\"Invalid\"}");
        JsonObject failed = client.awaitSmsStatus(invalid, "failed");

        assertThat(failed.getString("last_error")).contains("400").contains("Invalid MSISDN format");
        assertThat(failed.getString("provider_error_code")).isEqualTo("syntax_invalid_parameter_format");
        assertThat(failed.getString("provider")).isEqualTo("sinch");
        assertThat(sinch.callsFor(invalid)).hasSize(1);
    }

    @Test
    void aRefusedTokenOrABlockedAccountPausesTheLaneAndFailsNoMessage() throws Exception {
        start(Map.of("hookpoint.delivery.backoff.max", "PT0.3S", "hookpoint.delivery.attempts", "1"));
        sinch.behave((id, attempt) -> switch (attempt) {
        case 1 -> Answer.plain(401);
        case 2 -> Answer.error(403, "blocked_account", "The account is blocked");
        default -> Answer.created(id);
        });
        String id = send(client, "{\"to\":\"+420777123458\",\"text\":\"Token, then fixed\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        assertThat(message.getInt("attempts")).isEqualTo(1);
        assertThat(sinch.callsFor(id).stream().filter(c -> c.method().equals("POST"))).hasSize(3);
    }

    @Test
    void anAnswerThatNeverComesIsLookedUpNotSentAgain() throws Exception {
        start(Map.of());
        sinch.behave((id, attempt) -> Answer.created(id).after(3_000));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Slow\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        // the batch was created though its answer never came: the next attempt found it by client_reference
        assertThat(message.getString("provider_message_id")).isEqualTo(SinchStub.batchId(id));
        assertThat(message.getInt("attempts")).isEqualTo(2);
        Thread.sleep(1_500);
        assertThat(sinch.sendsFor(id)).hasSize(1);
        assertThat(sinch.callsFor(id)).extracting(SinchStub.Call::method).containsExactly("POST", "GET");
    }

    @Test
    void aLostAnswerIsLookedUpNoSoonerThanTheReadTimeoutWhileTheBatchMayStillBeMade() throws Exception {
        // backoff 10 ms: without the wait, the look-up came 2 s after the send, before the batch was listed
        start(Map.of("hookpoint.delivery.backoff.initial", "PT0.01S"));
        // Sinch works on the batch for 3 s (longer than the 2 s read timeout) and lists it only then
        sinch.behave((id, attempt) -> Answer.created(id).after(3_000).listedWhenAnswered());
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Slow to make\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        List<SinchStub.Call> calls = sinch.callsFor(id);
        assertThat(calls).extracting(SinchStub.Call::method).containsExactly("POST", "GET");
        // the send's answer was lost after 2 s; the look-up waited 2 s more, whatever the backoff
        assertThat(calls.get(1).startNanos() - calls.get(0).startNanos()).isGreaterThan(Duration.ofMillis(3_900).toNanos());
        assertThat(message.getString("provider_message_id")).isEqualTo(SinchStub.batchId(id));
    }

    @Test
    void missingSettingsAreNamedInOneLineAtStart() {
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "sinch")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The sinch gateway needs HOOKPOINT_SINCH_SERVICE_PLAN_ID, HOOKPOINT_SINCH_TOKEN");
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "sinch",
                "hookpoint.sinch.service.plan.id", "../admin", "hookpoint.sinch.token", "t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOOKPOINT_SINCH_SERVICE_PLAN_ID");
    }
}
