package io.hookpoint.providers.vonage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookpoint.providers.vonage.VonageStub.Answer;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.hookpoint.providers.vonage.VonageDeliveryTest.SIGNATURE_SECRET;
import static io.hookpoint.providers.vonage.VonageDeliveryTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Vonage's delivery receipts, signed as Vonage documents it (computed here on its own, not with the adapter's
 * code), as a form or as JSON: applied once, never backwards; forged, missing, stale or tampered signatures get
 * 401 and change nothing; unknown messages get 200; a receipt that overtakes the send's answer still applies.
 */
class VonageReportsTest {
    private VonageStub vonage;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    private void start(Map<String, String> extra) throws Exception {
        vonage = new VonageStub();
        Map<String, String> config = VonageDeliveryTest.vonageConfig(vonage);
        config.putAll(extra);
        hookpoint = TestHookpoint.create(config);
        client = hookpoint.client(hookpoint.start().port());
    }

    private String sent() throws Exception {
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Report me\"}");
        client.awaitSmsStatus(id, "sent");
        return id;
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, vonage);
    }

    private static Map<String, String> receipt(String id, String status, String errCode, long timestamp) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("msisdn", "420777123456");
        params.put("to", "HOOKPOINT");
        params.put("network-code", "23002");
        params.put("messageId", VonageStub.vonageId(id, 0));
        params.put("price", "0.03330000");
        params.put("status", status);
        params.put("scts", "2612011015");
        params.put("err-code", errCode);
        params.put("api-key", VonageStub.KEY);
        params.put("client-ref", id);
        params.put("message-timestamp", "2026-12-01 10:15:32");
        params.put("timestamp", Long.toString(timestamp));
        params.put("nonce", "a2d5e1c4-9f0b-4a6e-8c1d-3b7f2e9a0c55");
        return params;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // Vonage's documented steps: sorted "&name=value" with & and = in names and values as "_", then
    // md5(that + secret) or the HMAC of it keyed by the secret, hex
    static Map<String, String> signed(Map<String, String> params, String secret, String method) throws Exception {
        StringBuilder data = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> data.append('&').append(name.replaceAll("[&=]", "_"))
                .append('=').append(value.replaceAll("[&=]", "_")));
        String sig = switch (method) {
        case "md5hash" -> HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((data + secret).getBytes(StandardCharsets.UTF_8)));
        default -> {
            Mac mac = Mac.getInstance(method);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), method));
            yield HexFormat.of().formatHex(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)))
                    .toUpperCase(java.util.Locale.ROOT);
        }
        };
        Map<String, String> withSig = new LinkedHashMap<>(params);
        withSig.put("sig", sig);
        return withSig;
    }

    private Reply postForm(String id, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.anonymous().send("POST", "/callbacks/vonage/status?message_id=" + id,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form.getBytes(StandardCharsets.UTF_8));
    }

    private Reply postJson(String id, Map<String, String> params) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        params.forEach(json::add);
        return client.anonymous().send("POST", "/callbacks/vonage/status?message_id=" + id,
                Map.of("Content-Type", "application/json"), json.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    private Reply signedReceipt(String id, String status, String errCode) throws Exception {
        return postForm(id, signed(receipt(id, status, errCode, now()), SIGNATURE_SECRET, "md5hash"));
    }

    private JsonObject message(String id) {
        return client.get("/api/v1/sms/" + id).json();
    }

    @Test
    void aSignedDeliveredReceiptIsApplied() throws Exception {
        start(Map.of());
        String id = sent();
        Reply buffered = signedReceipt(id, "buffered", "0");
        Reply reply = signedReceipt(id, "delivered", "0");

        assertThat(buffered.status()).isEqualTo(200);
        assertThat(buffered.json().getJsonObject("result").getInt("received")).isZero();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject message = message(id);
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("provider_status")).isEqualTo("delivered");
        assertThat(message.containsKey("provider_error_code")).isFalse();
        assertThat(message.containsKey("delivered_at")).isTrue();
    }

    @Test
    void aJsonReceiptSignedWithHmacSha256IsApplied() throws Exception {
        start(Map.of("hookpoint.vonage.signature.method", "sha256"));
        String id = sent();

        Reply reply = postJson(id, signed(receipt(id, "failed", "6", now()), SIGNATURE_SECRET, "HmacSHA256"));

        assertThat(reply.status()).isEqualTo(200);
        JsonObject message = message(id);
        assertThat(message.getString("status")).isEqualTo("undelivered");
        assertThat(message.getString("provider_error_code")).isEqualTo("6");
    }

    @Test
    void forgedMissingStaleAndTamperedSignaturesAreRefusedAndChangeNothing() throws Exception {
        start(Map.of());
        String id = sent();
        Map<String, String> delivered = receipt(id, "delivered", "0", now());
        Reply missing = postForm(id, delivered);
        Reply wrongKey = postForm(id, signed(delivered, "not-the-secret", "md5hash"));
        Reply wrongMethod = postForm(id, signed(delivered, SIGNATURE_SECRET, "HmacSHA256"));
        // a receipt captured ten minutes ago cannot be replayed
        Reply stale = postForm(id, signed(receipt(id, "delivered", "0", now() - 600), SIGNATURE_SECRET, "md5hash"));
        Map<String, String> tampered = new LinkedHashMap<>(signed(receipt(id, "failed", "6", now()),
                SIGNATURE_SECRET, "md5hash"));
        tampered.put("status", "delivered");
        Reply changedBody = postForm(id, tampered);
        Map<String, String> noTimestamp = new LinkedHashMap<>(delivered);
        noTimestamp.remove("timestamp");
        Reply withoutTimestamp = postForm(id, signed(noTimestamp, SIGNATURE_SECRET, "md5hash"));

        for (Reply reply : new Reply[] {missing, wrongKey, wrongMethod, stale, changedBody, withoutTimestamp}) {
            assertThat(reply.status()).isEqualTo(401);
        }
        assertThat(message(id).getString("status")).isEqualTo("sent");
    }

    @Test
    void withoutASignatureSecretEveryReceiptIsRefused() throws Exception {
        // with a public URL (receipts are asked for) the start refuses a missing secret, naming it
        try (VonageStub spare = new VonageStub()) {
            Map<String, String> withoutSecret = new java.util.HashMap<>(VonageDeliveryTest.vonageConfig(spare));
            withoutSecret.put("hookpoint.vonage.signature.secret", "");
            assertThatThrownBy(() -> TestHookpoint.create(withoutSecret))
                    .hasMessageContaining("HOOKPOINT_VONAGE_SIGNATURE_SECRET");
        }
        // without one, a receipt (from a URL pasted in Vonage's dashboard) is still refused
        start(Map.of("hookpoint.vonage.signature.secret", "", "hookpoint.public.url", ""));
        String id = sent();

        Reply reply = signedReceipt(id, "delivered", "0");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(message(id).getString("status")).isEqualTo("sent");
    }

    @Test
    void duplicatesAndLateReceiptsChangeNothing() throws Exception {
        start(Map.of());
        String id = sent();
        assertThat(signedReceipt(id, "delivered", "0").json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        JsonObject first = message(id);

        Reply again = signedReceipt(id, "delivered", "0");
        Reply late = signedReceipt(id, "accepted", "0");
        Reply failedAfter = signedReceipt(id, "rejected", "29");

        for (Reply reply : new Reply[] {again, late, failedAfter}) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        }
        JsonObject after = message(id);
        assertThat(after.getString("status")).isEqualTo("delivered");
        assertThat(after.get("delivered_at")).isEqualTo(first.get("delivered_at"));
        assertThat(after.containsKey("provider_error_code")).isFalse();
    }

    @Test
    void anUndeliveredReceiptKeepsVonagesErrorCode() throws Exception {
        start(Map.of());
        String id = sent();

        assertThat(signedReceipt(id, "expired", "1").status()).isEqualTo(200);

        JsonObject message = message(id);
        assertThat(message.getString("status")).isEqualTo("undelivered");
        assertThat(message.getString("provider_status")).isEqualTo("expired");
        assertThat(message.getString("provider_error_code")).isEqualTo("1");
    }

    @Test
    void aReceiptSayingTheRecipientOptedOutSuppressesTheNumber() throws Exception {
        // Vonage's err-code 9 ("the user has requested not to receive messages from the sending number") comes
        // only in the receipt; err-code 1 (unknown) on another number suppresses nothing
        start(Map.of());
        String optedOut = sent();
        String other = send(client, "{\"to\":\"+420777654321\",\"text\":\"Report me\"}");
        client.awaitSmsStatus(other, "sent");

        assertThat(signedReceipt(optedOut, "rejected", "9").status()).isEqualTo(200);
        assertThat(signedReceipt(other, "failed", "1").status()).isEqualTo(200);

        assertThat(message(optedOut).getString("provider_error_code")).isEqualTo("9");
        Reply again = client.sendSms("after-9-" + java.util.UUID.randomUUID(),
                "{\"to\":\"+420777123456\",\"text\":\"Again\"}");
        assertThat(again.errorCodes()).containsExactly(1012);
        Reply toOther = client.sendSms("after-1-" + java.util.UUID.randomUUID(),
                "{\"to\":\"+420777654321\",\"text\":\"Again\"}");
        assertThat(toOther.success()).isTrue();
        JsonObject entry = client.withCredentials(TestHookpoint.ADMIN, TestHookpoint.ADMIN_PASSWORD)
                .get("/admin/v1/suppressions").json().getJsonObject("result").getJsonArray("suppressions")
                .getJsonObject(0);
        assertThat(entry.getString("number")).isEqualTo("+420777123456");
        assertThat(entry.getString("source")).isEqualTo("provider_error");
        assertThat(entry.getString("provider")).isEqualTo("vonage");
    }

    @Test
    void aReceiptForAMessageWeDoNotHaveGets200() throws Exception {
        start(Map.of());

        Reply reply = signedReceipt("00000000-0000-0000-0000-000000000000", "delivered", "0");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("unknown")).isEqualTo(1);
    }

    @Test
    void aReceiptThatOvertakesTheSendsAnswerStillReachesTheMessage() throws Exception {
        // the answer comes after 1.2 s: a read timeout well above it, so a loaded machine cannot turn it into
        // a lost answer
        start(Map.of("hookpoint.gateway.read.timeout", "PT10S", "hookpoint.delivery.lease", "PT15S"));
        vonage.behave((id, attempt) -> Answer.accepted(id, 1).after(1_200));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Fast receipt\"}");
        long deadline = System.currentTimeMillis() + 5_000;
        while (vonage.callsFor(id).isEmpty() && message(id).getString("status").equals("queued")
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }

        Reply reply = signedReceipt(id, "delivered", "0");

        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        assertThat(vonage.callsFor(id)).as("the send's answer has not come yet").isEmpty();
        // the send's answer is recorded (sent_at stored): it does not undo the receipt
        JsonObject message = client.awaitSms(id, m -> m.containsKey("sent_at"));
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("provider_message_id")).isEqualTo(VonageStub.vonageId(id, 0));
    }

    @Test
    void theSignatureCoversAwkwardValuesAndMayCoverTheQuery() throws Exception {
        start(Map.of());
        String awkward = sent();
        Map<String, String> withAmpersand = receipt(awkward, "delivered", "0", now());
        withAmpersand.put("to", "ACME&Co=1");

        String byQuery = sent();
        // no client-ref: our id is only in the callback URL's query, which this signature covers
        Map<String, String> noRef = receipt(byQuery, "delivered", "0", now());
        noRef.remove("client-ref");
        Map<String, String> coveringQuery = new LinkedHashMap<>(noRef);
        coveringQuery.put("message_id", byQuery);
        Map<String, String> signedWithQuery = signed(coveringQuery, SIGNATURE_SECRET, "md5hash");
        signedWithQuery.remove("message_id");

        Reply ampersand = postForm(awkward, signed(withAmpersand, SIGNATURE_SECRET, "md5hash"));
        Reply otherMessage = postForm(awkward, signedWithQuery);
        Reply query = postForm(byQuery, signedWithQuery);

        assertThat(ampersand.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        // the same signed body sent to another message's URL: the query it covered is not this one
        assertThat(otherMessage.status()).isEqualTo(401);
        assertThat(query.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        assertThat(message(byQuery).getString("status")).isEqualTo("delivered");
    }
}
