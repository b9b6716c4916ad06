package io.hookpoint.providers.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import com.twilio.security.RequestValidator;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.hookpoint.providers.twilio.TwilioDeliveryTest.PUBLIC_URL;
import static io.hookpoint.providers.twilio.TwilioDeliveryTest.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's status callbacks, signed as Twilio signs them (each signature checked with Twilio's own
 * {@code RequestValidator} before it is sent), against the public URL Hookpoint sits behind: applied once,
 * never backwards; forged or missing signatures get 401 and change nothing; unknown messages get 200.
 */
class TwilioReportsTest {
    private TwilioStub twilio;
    private TestHookpoint hookpoint;
    private HttpsClient client;
    private String id;

    @BeforeEach
    void start() throws Exception {
        twilio = new TwilioStub();
        hookpoint = TestHookpoint.create(TwilioDeliveryTest.twilioConfig(twilio));
        client = hookpoint.client(hookpoint.start().port());
        id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Report me\"}");
        client.awaitSmsStatus(id, "sent");
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, twilio);
    }

    private static Map<String, String> report(String sid, String status, String errorCode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SmsSid", sid);
        params.put("SmsStatus", status);
        params.put("MessageStatus", status);
        params.put("To", "+420777123456");
        params.put("MessageSid", sid);
        params.put("AccountSid", TwilioStub.SID);
        params.put("From", "+15005550006");
        params.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        return params;
    }

    // HMAC-SHA1 over the URL and the sorted parameters, as Twilio documents it; Twilio's validator must agree
    private static String sign(String token, String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(new RequestValidator(token).validate(url, params, signature)).as("Twilio's validator").isTrue();
        return signature;
    }

    private Reply post(String messageId, Map<String, String> params, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (signature != null) {
            headers.put("X-Twilio-Signature", signature);
        }
        String form = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.anonymous().send("POST", "/callbacks/twilio/status?message_id=" + messageId, headers,
                form.getBytes(StandardCharsets.UTF_8));
    }

    private Reply signedReport(String messageId, String sid, String status, String errorCode) throws Exception {
        Map<String, String> params = report(sid, status, errorCode);
        return post(messageId, params, sign(TwilioStub.TOKEN,
                PUBLIC_URL + "/callbacks/twilio/status?message_id=" + messageId, params));
    }

    private String sid() {
        return client.get("/api/v1/sms/" + id).json().getString("provider_message_id");
    }

    @Test
    void aSignedDeliveredReportIsApplied() throws Exception {
        Reply sending = signedReport(id, sid(), "sending", null);
        Reply reply = signedReport(id, sid(), "delivered", null);

        assertThat(sending.status()).isEqualTo(200);
        assertThat(sending.json().getJsonObject("result").getInt("received")).isZero();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject message = client.get("/api/v1/sms/" + id).json();
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("provider_status")).isEqualTo("delivered");
        assertThat(message.containsKey("delivered_at")).isTrue();
    }

    @Test
    void anUndeliveredReportKeepsTwiliosErrorCode() throws Exception {
        assertThat(signedReport(id, sid(), "undelivered", "30003").status()).isEqualTo(200);

        JsonObject message = client.get("/api/v1/sms/" + id).json();
        assertThat(message.getString("status")).isEqualTo("undelivered");
        assertThat(message.getString("provider_error_code")).isEqualTo("30003");
    }

    @Test
    void forgedAndMissingSignaturesAreRefusedAndChangeNothing() throws Exception {
        String url = PUBLIC_URL + "/callbacks/twilio/status?message_id=" + id;
        Map<String, String> delivered = report(sid(), "delivered", null);
        Reply missing = post(id, delivered, null);
        Reply wrongKey = post(id, delivered, sign("not-the-token", url, delivered));
        Reply localUrl = post(id, delivered, sign(TwilioStub.TOKEN,
                "https://localhost:" + client.port() + "/callbacks/twilio/status?message_id=" + id, delivered));
        // signed for another message: the signature covers our id in the URL
        Reply otherId = post(id, delivered, sign(TwilioStub.TOKEN,
                PUBLIC_URL + "/callbacks/twilio/status?message_id=someone-else", delivered));
        Map<String, String> tampered = new LinkedHashMap<>(delivered);
        String signature = sign(TwilioStub.TOKEN, url, report(sid(), "failed", null));
        Reply changedBody = post(id, tampered, signature);

        for (Reply reply : new Reply[] {missing, wrongKey, localUrl, otherId, changedBody}) {
            assertThat(reply.status()).isEqualTo(401);
        }
        assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("sent");
    }

    @Test
    void duplicatesAndLateReportsChangeNothing() throws Exception {
        assertThat(signedReport(id, sid(), "delivered", null).json().getJsonObject("result").getInt("applied"))
                .isEqualTo(1);
        JsonObject first = client.get("/api/v1/sms/" + id).json();

        Reply again = signedReport(id, sid(), "delivered", null);
        Reply late = signedReport(id, sid(), "sent", null);
        Reply failedAfter = signedReport(id, sid(), "failed", "30008");

        for (Reply reply : new Reply[] {again, late, failedAfter}) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        }
        JsonObject after = client.get("/api/v1/sms/" + id).json();
        assertThat(after.getString("status")).isEqualTo("delivered");
        assertThat(after.get("delivered_at")).isEqualTo(first.get("delivered_at"));
        assertThat(after.containsKey("provider_error_code")).isFalse();
    }

    @Test
    void aReportForAMessageWeDoNotHaveGets200() throws Exception {
        Reply reply = signedReport("00000000-0000-0000-0000-000000000000", "SMdeadbeef", "delivered", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("unknown")).isEqualTo(1);
    }

    @Test
    void aLostAnswerIsSettledByTheCallbackThatComesLater() throws Exception {
        // Twilio takes the message but its answer comes after the read timeout (2 s here)
        twilio.behave((messageId, attempt) -> TwilioStub.Answer.created(messageId).after(3_000));
        String lost = send(client, "{\"to\":\"+420777123459\",\"text\":\"Lost answer\"}");
        JsonObject failed = client.awaitSmsStatus(lost, "failed");

        Reply delivered = signedReport(lost, "SMlostanswer", "delivered", null);
        Reply contrary = signedReport(lost, "SMlostanswer", "failed", "30005");

        assertThat(failed.getString("last_error")).contains("may have been sent");
        assertThat(delivered.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        assertThat(contrary.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        JsonObject settled = client.get("/api/v1/sms/" + lost).json();
        assertThat(settled.getString("status")).isEqualTo("delivered");
        assertThat(settled.getString("provider_message_id")).isEqualTo("SMlostanswer");
        assertThat(settled.containsKey("failed_at")).isFalse();
        // the stub records the call when its late answer goes out: one call, never a second
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (twilio.callsFor(lost).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(twilio.callsFor(lost)).hasSize(1);
    }

    @Test
    void aCallbackDuringTheCallIsNotOverwrittenByTheLostAnswer() throws Exception {
        twilio.behave((messageId, attempt) -> TwilioStub.Answer.created(messageId).after(3_000));
        String overtaken = send(client, "{\"to\":\"+420777123459\",\"text\":\"Overtaken\"}");
        long deadline = System.nanoTime() + 10_000_000_000L;
        // claimed and handed to the stub, which holds its answer for 3 s
        JsonObject inCall = client.get("/api/v1/sms/" + overtaken).json();
        while (!inCall.getString("status").equals("sending") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            inCall = client.get("/api/v1/sms/" + overtaken).json();
        }

        assertThat(signedReport(overtaken, "SMovertaken", "sent", null).json().getJsonObject("result")
                .getInt("applied")).isEqualTo(1);
        // the answer is lost (read timeout): recorded, but the status the callback set stays
        JsonObject after = client.get("/api/v1/sms/" + overtaken).json();
        while (!after.getString("last_error", "").contains("did not come") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            after = client.get("/api/v1/sms/" + overtaken).json();
        }
        assertThat(after.getString("last_error")).contains("did not come");
        assertThat(after.getString("status")).isEqualTo("sent");
        assertThat(signedReport(overtaken, "SMovertaken", "delivered", null).json().getJsonObject("result")
                .getInt("applied")).isEqualTo(1);
    }
}
