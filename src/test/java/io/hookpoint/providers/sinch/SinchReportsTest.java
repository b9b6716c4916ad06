package io.hookpoint.providers.sinch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.hookpoint.providers.sinch.SinchStub.Answer;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.hookpoint.providers.sinch.SinchDeliveryTest.CALLBACK_TOKEN;
import static io.hookpoint.providers.sinch.SinchDeliveryTest.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sinch's per-recipient delivery reports, as Sinch posts them (JSON, unsigned), authenticated by the shared
 * secret in the callback URL or as a Basic password: applied once, never backwards; a wrong or missing
 * secret gets 401 and changes nothing; unknown messages get 200; a report that beats the send's answer
 * still reaches its message.
 */
class SinchReportsTest {
    private SinchStub sinch;
    private TestHookpoint hookpoint;
    private HttpsClient client;
    private String id;

    @BeforeEach
    void start() throws Exception {
        sinch = new SinchStub();
        hookpoint = TestHookpoint.create(SinchDeliveryTest.sinchConfig(sinch));
        client = hookpoint.client(hookpoint.start().port());
    }

    private void sent() throws Exception {
        id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Report me\"}");
        client.awaitSmsStatus(id, "sent");
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, sinch);
    }

    // a recipient delivery report in the shape of Sinch's docs (and its Java SDK's test fixtures)
    static String report(String messageId, String status, int code) {
        return """
                {"type":"recipient_delivery_report_sms","batch_id":"%s","recipient":"+420777123456","code":%d,\
                "status":"%s","at":"2026-12-01T10:00:05.120Z","operator_status_at":"2026-12-01T10:00:04.000Z",\
                "client_reference":"%s","applied_originator":"+12025550123"}"""
                .formatted(SinchStub.batchId(messageId), code, status, messageId);
    }

    private Reply post(String query, String authorization, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return client.anonymous().send("POST", "/callbacks/sinch/status" + query, headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    // as the gateway's callback_url gives it to Sinch
    private Reply withToken(String messageId, String status, int code) {
        return post("?message_id=" + messageId + "&token=" + CALLBACK_TOKEN, null, report(messageId, status, code));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private JsonObject message() {
        return client.get("/api/v1/sms/" + id).json();
    }

    @Test
    void aDeliveredReportWithTheTokenInTheUrlIsApplied() throws Exception {
        sent();
        Reply queued = withToken(id, "Queued", 400);
        Reply dispatched = withToken(id, "Dispatched", 401);
        Reply delivered = withToken(id, "Delivered", 0);

        assertThat(queued.status()).isEqualTo(200);
        assertThat(queued.json().getJsonObject("result").getInt("received")).isZero();
        assertThat(dispatched.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject message = message();
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("provider_status")).isEqualTo("Delivered");
        assertThat(message.containsKey("delivered_at")).isTrue();
        assertThat(message.containsKey("provider_error_code")).isFalse();
    }

    @Test
    void basicCredentialsSetUpWithSinchAuthenticateAndTheClientReferenceNamesTheMessage() throws Exception {
        sent();
        // the plan's own callback URL: no query, our id only in client_reference
        Reply reply = post("", basic("sinch", CALLBACK_TOKEN), report(id, "Failed", 61));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject message = message();
        assertThat(message.getString("status")).isEqualTo("undelivered");
        assertThat(message.getString("provider_status")).isEqualTo("Failed");
        assertThat(message.getString("provider_error_code")).isEqualTo("61");
    }

    @Test
    void rejectedAndAbortedAreFailedWithSinchsCode() throws Exception {
        sent();
        assertThat(withToken(id, "Aborted", 402).status()).isEqualTo(200);

        JsonObject message = message();
        assertThat(message.getString("status")).isEqualTo("failed");
        assertThat(message.getString("provider_error_code")).isEqualTo("402");
    }

    @Test
    void wrongAndMissingSecretsAreRefusedAndChangeNothing() throws Exception {
        sent();
        String delivered = report(id, "Delivered", 0);
        Reply missing = post("?message_id=" + id, null, delivered);
        Reply wrongToken = post("?message_id=" + id + "&token=not-the-secret", null, delivered);
        Reply wrongPassword = post("", basic("sinch", "not-the-secret"), delivered);
        Reply bearer = post("", "Bearer " + CALLBACK_TOKEN, delivered);
        // authentication comes first: an unreadable body without the secret is 401 too
        Reply garbage = post("", null, "not json");

        for (Reply reply : new Reply[] {missing, wrongToken, wrongPassword, bearer, garbage}) {
            assertThat(reply.status()).isEqualTo(401);
        }
        assertThat(message().getString("status")).isEqualTo("sent");
    }

    @Test
    void duplicatesAndLateReportsChangeNothing() throws Exception {
        sent();
        assertThat(withToken(id, "Delivered", 0).json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject first = message();

        Reply again = withToken(id, "Delivered", 0);
        Reply late = withToken(id, "Dispatched", 401);
        Reply failedAfter = withToken(id, "Failed", 61);

        for (Reply reply : new Reply[] {again, late, failedAfter}) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        }
        JsonObject after = message();
        assertThat(after.getString("status")).isEqualTo("delivered");
        assertThat(after.get("delivered_at")).isEqualTo(first.get("delivered_at"));
        assertThat(after.containsKey("provider_error_code")).isFalse();
    }

    @Test
    void aReportForAMessageWeDoNotHaveGets200() {
        Reply reply = withToken("00000000-0000-0000-0000-000000000000", "Delivered", 0);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("unknown")).isEqualTo(1);
    }

    @Test
    void aReportThatBeatsTheSendsAnswerStillReachesTheMessage() throws Exception {
        sinch.behave((messageId, attempt) -> Answer.created(messageId).after(1_000));
        // the accepting request may wait for the first attempt: it runs beside the report
        CompletableFuture<String> accepted = CompletableFuture.supplyAsync(
                () -> send(client, "{\"to\":\"+420777123456\",\"text\":\"Fast report\"}"));
        while (sinch.batchCount() == 0) {
            Thread.sleep(10);   // the batch exists at Sinch; its answer is on its way
        }
        id = sinch.batchReferences().get(0);

        // to the plan's callback URL: only client_reference names the message, its batch id is not stored yet
        Reply early = post("", basic("sinch", CALLBACK_TOKEN), report(id, "Delivered", 0));
        JsonObject message = client.awaitSmsStatus(id, "delivered");

        assertThat(early.status()).isEqualTo(200);
        assertThat(early.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        assertThat(accepted.get(10, TimeUnit.SECONDS)).isEqualTo(id);
        // the send's answer is recorded (sent_at stored): it does not undo the report
        JsonObject after = client.awaitSms(id, m -> m.containsKey("sent_at"));
        assertThat(after.getString("status")).isEqualTo("delivered");
        assertThat(after.getString("provider_message_id")).isEqualTo(SinchStub.batchId(id));
        assertThat(after.containsKey("sent_at")).isTrue();
        assertThat(message.getString("provider")).isEqualTo("sinch");
    }
}
