package io.hookpoint.optout;

import java.util.Map;

import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.hookpoint.optout.OptOutTesting.HTTP_TOKEN;
import static io.hookpoint.optout.OptOutTesting.INFOBIP_TOKEN;
import static io.hookpoint.optout.OptOutTesting.SINCH_TOKEN;
import static io.hookpoint.optout.OptOutTesting.TWILIO_TOKEN;
import static io.hookpoint.optout.OptOutTesting.VONAGE_SECRET;
import static io.hookpoint.optout.OptOutTesting.send;
import static io.hookpoint.optout.OptOutTesting.suppressed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOP and START replies through each provider's inbound webhook, in its own format and authentication, against
 * a real server: a STOP (any case, spacing, punctuation) suppresses the sender's number and the next send to it
 * is refused with 1012; a START takes it off; "STOP please" changes nothing; a forged call gets 401 and changes
 * nothing.
 */
class InboundOptOutTest {
    private static TestHookpoint hookpoint;
    private static HttpsClient client;

    @BeforeAll
    static void start() {
        hookpoint = TestHookpoint.create(OptOutTesting.config());
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterAll
    static void stop() {
        hookpoint.close();
    }

    /** A reply from {@code number} through {@code provider}, with its right secret or a wrong one. */
    private static Reply reply(String provider, String number, String text, boolean forged) throws Exception {
        String digits = number.substring(1);
        String wrong = "not-the-secret";
        return switch (provider) {
        case "twilio" -> OptOutTesting.twilio(client, number, text, forged ? wrong : TWILIO_TOKEN);
        case "vonage" -> OptOutTesting.vonage(client, digits, text, forged ? wrong : VONAGE_SECRET);
        case "infobip" -> OptOutTesting.infobip(client, digits, text, forged ? wrong : INFOBIP_TOKEN);
        case "sinch" -> OptOutTesting.sinch(client, digits, text, forged ? wrong : SINCH_TOKEN);
        case "http" -> OptOutTesting.http(client, number, text, forged ? wrong : HTTP_TOKEN);
        default -> throw new IllegalArgumentException(provider);
        };
    }

    private static void assertAnswered(String provider, Reply reply) {
        assertThat(reply.status()).as(provider).isEqualTo(200);
        if (provider.equals("twilio")) {
            // TwiML that makes Twilio send nothing more (its own STOP reply goes out anyway)
            assertThat(reply.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
            assertThat(reply.text()).contains("<Response></Response>");
        } else {
            assertThat(reply.json().getBoolean("success")).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"twilio", "vonage", "infobip", "sinch", "http"})
    void stopSuppressesAndStartReleasesTheNumber(String provider) throws Exception {
        String number = "+4207771" + String.format("%05d", Math.abs(provider.hashCode()) % 100_000);
        assertThat(send(client, number).success()).isTrue();

        Reply forged = reply(provider, number, "STOP", true);
        assertThat(forged.status()).as(provider + " forged").isEqualTo(401);
        assertThat(forged.errorCodes()).containsExactly(3001);
        assertThat(suppressed(client)).doesNotContain(number);

        assertAnswered(provider, reply(provider, number, "stop please", false));
        assertThat(suppressed(client)).doesNotContain(number);

        assertAnswered(provider, reply(provider, number, " Stop. ", false));
        assertThat(suppressed(client)).contains(number);
        Reply refused = send(client, number);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.success()).isFalse();
        assertThat(refused.errorCodes()).containsExactly(1012);

        Reply forgedStart = reply(provider, number, "START", true);
        assertThat(forgedStart.status()).isEqualTo(401);
        assertThat(suppressed(client)).contains(number);

        assertAnswered(provider, reply(provider, number, "start", false));
        assertThat(suppressed(client)).doesNotContain(number);
        assertThat(send(client, number).success()).isTrue();
    }

    @Test
    void everyDefaultStopWordCountsAndAnOrdinaryReplyDoesNot() throws Exception {
        String[] words = {"STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "opt out", "REVOKE", "stop all"};
        for (int i = 0; i < words.length; i++) {
            String number = "+4207772000" + String.format("%02d", i);
            assertAnswered("http", reply("http", number, words[i], false));
            assertThat(suppressed(client)).as(words[i]).contains(number);
        }
        for (String text : new String[] {"Please stop", "don't stop", "yes", "STOPPED", "Thanks!"}) {
            assertAnswered("http", reply("http", "+420777300001", text, false));
        }
        assertThat(suppressed(client)).doesNotContain("+420777300001");
    }

    @Test
    void aReplyOfAnotherProviderShapeOrNoTokenIsRefused() throws Exception {
        Reply noToken = client.anonymous().send("POST", "/callbacks/infobip/inbound",
                Map.of("Content-Type", "application/json"), "{\"results\":[]}".getBytes());
        Reply unknown = client.anonymous().send("POST", "/callbacks/nobody/inbound",
                Map.of("Content-Type", "application/json"), "{}".getBytes());
        Reply notJson = client.withAuthorization("Bearer " + HTTP_TOKEN).send("POST", "/callbacks/http/inbound",
                Map.of("Content-Type", "application/json"), "STOP".getBytes());

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCodes()).containsExactly(2001);
    }
}
