package io.hookpoint.providers.infobip;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.hookpoint.providers.infobip.InfobipStub.Answer;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.hookpoint.providers.infobip.InfobipDeliveryTest.CALLBACK_TOKEN;
import static io.hookpoint.providers.infobip.InfobipDeliveryTest.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Infobip's delivery reports, in the documented JSON shape, posted to the notify URL Hookpoint gave (its
 * {@code token}) or with Basic credentials configured at Infobip: applied once, never backwards; a wrong or
 * missing secret gets 401 and changes nothing; unknown messages get 200; a report that overtakes the send's
 * answer still reaches the message.
 */
class InfobipReportsTest {
    private InfobipStub infobip;
    private TestHookpoint hookpoint;
    private HttpsClient client;
    private String id;

    @BeforeEach
    void start() throws Exception {
        infobip = new InfobipStub();
        hookpoint = TestHookpoint.create(InfobipDeliveryTest.infobipConfig(infobip));
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, infobip);
    }

    private void sent() throws InterruptedException {
        id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Report me\"}");
        client.awaitSmsStatus(id, "sent");
    }

    /** One result as Infobip documents it; error null for NO_ERROR. */
    static String result(String messageId, int groupId, String groupName, int statusId, String statusName,
                         Integer errorId, String errorName) {
        String error = errorId == null
                ? "{\"groupId\":0,\"groupName\":\"OK\",\"id\":0,\"name\":\"NO_ERROR\",\"description\":\"No Error\","
                  + "\"permanent\":false}"
                : "{\"groupId\":1,\"groupName\":\"HANDSET_ERRORS\",\"id\":" + errorId + ",\"name\":\"" + errorName
                  + "\",\"description\":\"Absent subscriber\",\"permanent\":false}";
        return """
                {"bulkId":"BULK-ID-123-xyz","messageId":"%s","to":"420777123456",\
                "sentAt":"2026-11-29T10:15:30.000+0000","doneAt":"2026-11-29T10:15:32.000+0000","smsCount":1,\
                "callbackData":"%s","price":{"pricePerMessage":0.01,"currency":"EUR"},\
                "status":{"groupId":%d,"groupName":"%s","id":%d,"name":"%s","description":"..."},"error":%s}"""
                .formatted(messageId, messageId, groupId, groupName, statusId, statusName, error);
    }

    static String delivered(String messageId) {
        return result(messageId, 3, "DELIVERED", 5, "DELIVERED_TO_HANDSET", null, null);
    }

    private Reply post(String query, String authorization, String... results) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        String body = "{\"results\":[" + String.join(",", results) + "]}";
        return client.anonymous().send("POST", "/callbacks/infobip/status" + query, headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private Reply report(String messageId, String... results) {
        return post("?message_id=" + messageId + "&token=" + CALLBACK_TOKEN, null, results);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private JsonObject message() {
        return client.get("/api/v1/sms/" + id).json();
    }

    @Test
    void aDeliveredReportWithTheUrlsTokenIsApplied() throws Exception {
        sent();
        Reply pending = report(id, result(id, 1, "PENDING", 7, "PENDING_ENROUTE", null, null));
        Reply reply = report(id, delivered(id));

        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.json().getJsonObject("result").getInt("received")).isZero();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject message = message();
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("provider_status")).isEqualTo("DELIVERED_TO_HANDSET");
        assertThat(message.getString("price")).isEqualTo("0.01");
        assertThat(message.getString("price_currency")).isEqualTo("EUR");
        assertThat(message.containsKey("delivered_at")).isTrue();
        assertThat(message.containsKey("provider_error_code")).isFalse();
    }

    @Test
    void basicCredentialsConfiguredAtInfobipAreTakenAndTheErrorCodeKept() throws Exception {
        sent();
        Reply reply = post("", basic("infobip", CALLBACK_TOKEN),
                result(id, 2, "UNDELIVERABLE", 9, "UNDELIVERABLE_NOT_DELIVERED", 27, "EC_ABSENT_SUBSCRIBER"));

        assertThat(reply.status()).isEqualTo(200);
        JsonObject message = message();
        assertThat(message.getString("status")).isEqualTo("undelivered");
        assertThat(message.getString("provider_error_code")).isEqualTo("27");
        assertThat(message.getString("provider_error")).contains("EC_ABSENT_SUBSCRIBER");
    }

    @Test
    void expiredIsUndeliveredAndRejectedIsFailed() throws Exception {
        sent();
        String expired = id;
        report(expired, result(expired, 4, "EXPIRED", 15, "EXPIRED_EXPIRED", null, null));
        sent();
        report(id, result(id, 5, "REJECTED", 6, "REJECTED_NETWORK", 0, "NO_ERROR"));

        assertThat(client.get("/api/v1/sms/" + expired).json().getString("status")).isEqualTo("undelivered");
        assertThat(message().getString("status")).isEqualTo("failed");
        assertThat(message().getString("provider_status")).isEqualTo("REJECTED_NETWORK");
    }

    @Test
    void forgedAndMissingSecretsAreRefusedAndChangeNothing() throws Exception {
        sent();
        Reply missing = post("?message_id=" + id, null, delivered(id));
        Reply wrongToken = post("?message_id=" + id + "&token=guess", null, delivered(id));
        Reply wrongPassword = post("", basic("infobip", "guess"), delivered(id));
        Reply bearer = post("", "Bearer " + CALLBACK_TOKEN, delivered(id));
        // a wrong token in the URL is not rescued by right Basic credentials
        Reply both = post("?token=guess", basic("infobip", CALLBACK_TOKEN), delivered(id));

        for (Reply reply : new Reply[] {missing, wrongToken, wrongPassword, bearer, both}) {
            assertThat(reply.status()).isEqualTo(401);
        }
        assertThat(message().getString("status")).isEqualTo("sent");
    }

    @Test
    void duplicatesAndLateReportsChangeNothing() throws Exception {
        sent();
        assertThat(report(id, delivered(id)).json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject first = message();

        Reply again = report(id, delivered(id));
        Reply late = report(id, result(id, 2, "UNDELIVERABLE", 9, "UNDELIVERABLE_NOT_DELIVERED", 27,
                "EC_ABSENT_SUBSCRIBER"));
        Reply pending = report(id, result(id, 1, "PENDING", 7, "PENDING_ENROUTE", null, null));

        for (Reply reply : new Reply[] {again, late}) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        }
        assertThat(pending.status()).isEqualTo(200);
        JsonObject after = message();
        assertThat(after.getString("status")).isEqualTo("delivered");
        assertThat(after.get("delivered_at")).isEqualTo(first.get("delivered_at"));
        assertThat(after.containsKey("provider_error_code")).isFalse();
    }

    @Test
    void aReportForAMessageWeDoNotHaveGets200() throws Exception {
        Reply reply = report("00000000-0000-0000-0000-000000000000",
                delivered("00000000-0000-0000-0000-000000000000"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("unknown")).isEqualTo(1);
    }

    @Test
    void aReportThatOvertakesTheSendsAnswerStillReachesTheMessage() throws Exception {
        infobip.behave((messageId, attempt) -> Answer.accepted(messageId).after(1_200));
        id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Fast report\"}");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!infobip.arrived(id) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // the stub has the call but has not answered yet; Infobip's report already comes
        Reply reply = report(id, delivered(id));

        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        assertThat(infobip.callsFor(id)).as("the send's answer has not come yet").isEmpty();
        JsonObject message = client.awaitSmsStatus(id, "delivered");
        // the answer comes (sent_at is stored), and moves nothing backwards
        JsonObject after = client.awaitSms(id, m -> m.containsKey("sent_at"));
        assertThat(after.getString("status")).isEqualTo("delivered");
        assertThat(after.getString("provider_message_id")).isEqualTo(id);
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(infobip.callsFor(id)).hasSize(1);
    }
}
