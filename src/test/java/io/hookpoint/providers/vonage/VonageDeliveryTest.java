package io.hookpoint.providers.vonage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.providers.vonage.VonageStub.Answer;
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
 * Hookpoint sends through Vonage's SMS API (a local HTTPS stub with Vonage's documented answers): the exact
 * request (UCS-2 flagged, the sender overriding FROM, our id as client-ref and in the callback), the parts and
 * their summed price kept, throttling and temporary statuses tried again, permanent statuses failed with
 * Vonage's code, a lost answer not sent again, and never two calls at once for one message.
 */
class VonageDeliveryTest {
    static final String PUBLIC_URL = "https://sms.example.com";
    static final String SIGNATURE_SECRET = "vonage-signature-secret-for-tests";

    private VonageStub vonage;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    static Map<String, String> vonageConfig(VonageStub vonage) {
        Map<String, String> config = TestHookpoint.providerConfig("vonage", PUBLIC_URL);
        config.put("hookpoint.vonage.api.key", VonageStub.KEY);
        config.put("hookpoint.vonage.api.secret", VonageStub.SECRET);
        config.put("hookpoint.vonage.from", "HOOKPOINT");
        config.put("hookpoint.vonage.signature.secret", SIGNATURE_SECRET);
        config.put("hookpoint.vonage.url", vonage.url().toString());
        config.put("hookpoint.vonage.trust", vonage.certificate().toString());
        return config;
    }

    private void start(Map<String, String> extra) throws Exception {
        vonage = new VonageStub();
        Map<String, String> config = vonageConfig(vonage);
        config.putAll(extra);
        hookpoint = TestHookpoint.create(config);
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, vonage);
    }

    static String send(HttpsClient client, String body) {
        Reply reply = client.sendSms("vonage-" + UUID.randomUUID(), body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    @Test
    void theDocumentedRequestGoesOutAndTheAnswerIsKept() throws Exception {
        start(Map.of());
        vonage.behave((id, attempt) -> Answer.accepted(id, 2));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Hello & welcome = Jana\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        VonageStub.Call call = vonage.callsFor(id).get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/sms/json");
        assertThat(call.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(call.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "api_key", VonageStub.KEY, "api_secret", VonageStub.SECRET, "from", "HOOKPOINT",
                "to", "420777123456", "text", "Hello & welcome = Jana", "type", "text", "client-ref", id,
                "status-report-req", "1",
                "callback", PUBLIC_URL + "/callbacks/vonage/status?message_id=" + id));
        assertThat(message.getString("provider")).isEqualTo("vonage");
        // the first part's id; the parts counted, their prices summed
        assertThat(message.getString("provider_message_id")).isEqualTo(VonageStub.vonageId(id, 0));
        assertThat(message.getInt("segments_billed")).isEqualTo(2);
        assertThat(message.getString("price")).isEqualTo("0.06660000");
    }

    @Test
    void unicodeIsFlaggedAndTheRequestsSenderOverridesFrom() throws Exception {
        start(Map.of());
        String czech = send(client, "{\"to\":\"+420777123456\",\"text\":\"Příliš žluťoučký kůň\",\"sender\":\"ACME\"}");
        client.awaitSmsStatus(czech, "sent");

        assertThat(vonage.callsFor(czech).get(0).form()).containsEntry("type", "unicode")
                .containsEntry("from", "ACME").containsEntry("text", "Příliš žluťoučký kůň");
    }

    @Test
    void throttledAndTemporaryStatusesAreTriedAgainOneCallAtATime() throws Exception {
        start(Map.of());
        vonage.behave((id, attempt) -> switch (attempt) {
        case 1 -> Answer.refused("1", "Throughput Rate Exceeded - please wait [ 1000 ] and retry")
                .header("Retry-After", "1").after(50);
        case 2 -> Answer.refused("5", "Internal Error").after(50);
        case 3 -> Answer.http(503, "Service Unavailable").after(50);
        default -> Answer.accepted(id, 1);
        });
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Retry me\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        List<VonageStub.Call> calls = vonage.callsFor(id);
        assertThat(calls).hasSize(4);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).startNanos()).isGreaterThan(calls.get(i - 1).endNanos());
        }
        // Retry-After: 1 was honoured before the second call
        assertThat(calls.get(1).startNanos() - calls.get(0).endNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
        assertThat(message.getInt("attempts")).isGreaterThanOrEqualTo(2);
        assertThat(message.getString("provider_message_id")).isEqualTo(VonageStub.vonageId(id, 0));
    }

    @Test
    void anAccountProblemPausesTheLaneAndFailsNoMessage() throws Exception {
        // the lane's wait after an account refusal is capped by the longest backoff: short here
        start(Map.of("hookpoint.delivery.attempts", "2", "hookpoint.delivery.backoff.max", "PT0.3S"));
        vonage.behave((id, attempt) -> switch (attempt) {
        case 1 -> Answer.refused("9", "Quota Exceeded - rejected");
        case 2 -> Answer.refused("4", "Bad Credentials");
        default -> Answer.accepted(id, 1);
        });
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Top up\"}");

        JsonObject message = client.awaitSmsStatus(id, "sent");

        // two refusals of the account, more than the attempts allowed, and the message still went
        assertThat(vonage.callsFor(id)).hasSize(3);
        assertThat(message.getInt("attempts")).isEqualTo(1);
        assertThat(message.getString("last_error", "")).isEmpty();
    }

    @Test
    void permanentStatusesFailWithVonagesCode() throws Exception {
        start(Map.of());
        vonage.behave((id, attempt) -> Answer.refused("7", "Number Barred"));
        String barred = send(client, "{\"to\":\"+420777123456\",\"text\":\"Barred\"}");
        JsonObject failed = client.awaitSmsStatus(barred, "failed");
        vonage.behave((id, attempt) -> Answer.refused("15", "Illegal Sender Address - rejected"));
        String sender = send(client, "{\"to\":\"+420777123457\",\"text\":\"Sender\"}");
        JsonObject badSender = client.awaitSmsStatus(sender, "failed");

        assertThat(failed.getString("provider_error_code")).isEqualTo("7");
        assertThat(failed.getString("last_error")).contains("status 7").contains("Number Barred");
        assertThat(badSender.getString("provider_error_code")).isEqualTo("15");
        assertThat(failed.getString("provider")).isEqualTo("vonage");
        assertThat(vonage.callsFor(barred)).hasSize(1);
        assertThat(vonage.callsFor(sender)).hasSize(1);
    }

    @Test
    void anAnswerThatNeverComesIsNotSentAgain() throws Exception {
        start(Map.of());
        vonage.behave((id, attempt) -> Answer.accepted(id, 1).after(3_000));
        String id = send(client, "{\"to\":\"+420777123456\",\"text\":\"Slow\"}");

        JsonObject message = client.awaitSmsStatus(id, "failed");

        assertThat(message.getString("last_error")).contains("may have been sent");
        Thread.sleep(1_500);
        assertThat(vonage.callsFor(id)).hasSize(1);
    }

    @Test
    void missingSettingsAreNamedInOneLineAtStart() {
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.gateway.type", "vonage")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The vonage gateway needs HOOKPOINT_VONAGE_API_KEY, HOOKPOINT_VONAGE_API_SECRET,"
                        + " HOOKPOINT_VONAGE_FROM");
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.vonage.signature.method", "crc32")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOOKPOINT_VONAGE_SIGNATURE_METHOD must be md5hash, md5, sha1, sha256 or sha512");
    }
}
