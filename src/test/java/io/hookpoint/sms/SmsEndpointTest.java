package io.hookpoint.sms;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows of the status policy that {@code POST /api/v1/sms} and {@code GET /api/v1/sms/{id}} can
 * produce, over real HTTPS with real Basic auth against a real SQLite file. Each answer is also
 * checked against openapi.yaml by the client.
 */
class SmsEndpointTest extends HookpointServerTest {

    SmsEndpointTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of("hookpoint.body.limit", "4096"));
    }


    private static String key() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void acceptsAValidMessageAndStoresIt() {
        Reply reply = client.sendSms(key(), """
                {"to": "+420 777 123 456", "text": "Your code is 1234", "sender": "ACME",
                 "customer_id": "c-1", "campaign": {"scenario_id": "s-1", "action_id": 17},
                 "reference": "order-8841", "unknown_field": [1, 2, 3]}
                """);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.DELIVERED);
        assertThat(reply.header("Content-Type")).contains("application/json");
        assertThat(reply.header("Idempotent-Replayed")).isEmpty();
        JsonObject result = reply.json().getJsonObject("result");
        assertThat(reply.success()).isTrue();
        assertThat(result.getInt("code")).isEqualTo(1);
        assertThat(result.getString("status")).isEqualTo("queued");
        assertThat(result.getString("encoding")).isEqualTo("GSM-7");
        assertThat(result.getInt("segments")).isEqualTo(1);
        assertThat(result.getString("reference")).isEqualTo("order-8841");

        Reply stored = client.get("/api/v1/sms/" + result.getString("message_id"));
        assertThat(stored.status()).isEqualTo(200);
        JsonObject message = stored.json();
        assertThat(message.getString("to")).isEqualTo("+420777123456");
        assertThat(message.getString("text")).isEqualTo("Your code is 1234");
        assertThat(message.getString("sender")).isEqualTo("ACME");
        // the log gateway delivers in the background, so the look-up may already see it under way
        assertThat(message.getString("status")).isIn("queued", "sending", "sent");
        assertThat(message.getJsonObject("campaign").getString("action_id")).isEqualTo("17");
    }

    @Test
    void replaysTheStoredAnswerByteForByte() {
        String key = key();
        String body = "{\"to\":\"+420777123456\",\"text\":\"Hello\"}";
        Reply first = client.sendSms(key, body);
        // the same data re-rendered: other key order, white space and an extra field
        Reply second = client.sendSms(key, "{ \"text\": \"Hello\",\n \"to\": \"+420777123456\", \"x\": true }");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Idempotent-Replayed")).contains("true");
        // exactly one message for this key: the replay stored nothing more
        assertThat(messagesStoredFor(key)).isEqualTo(1);
    }

    @Test
    void reusingAKeyWithAnotherPayloadIs422AndChangesNothing() {
        String key = key();
        Reply first = client.sendSms(key, "{\"to\":\"+420777123456\",\"text\":\"Hello\"}");
        Reply reuse = client.sendSms(key, "{\"to\":\"+420777123456\",\"text\":\"Goodbye\"}");
        Reply again = client.sendSms(key, "{\"to\":\"+420777123456\",\"text\":\"Hello\"}");

        assertThat(reuse.status()).isEqualTo(422);
        assertThat(reuse.errorCodes()).containsExactly(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
        assertThat(BloomreachSender.react(reuse.status())).isEqualTo(BloomreachReaction.FAILED);
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void keysAreScopedPerUser() {
        String key = key();
        Reply mine = client.sendSms(key, "{\"to\":\"+420777123456\",\"text\":\"Hello\"}");
        HttpsClient partner = client.withCredentials(TestHookpoint.OTHER_USER, TestHookpoint.OTHER_PASSWORD);
        Reply theirs = partner.sendSms(key, "{\"to\":\"+420777000000\",\"text\":\"Other\"}");

        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.header("Idempotent-Replayed")).isEmpty();
        String myId = mine.json().getJsonObject("result").getString("message_id");
        assertThat(partner.get("/api/v1/sms/" + myId).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            recipient missing          | {"text":"Hi"}                                   | 1001
            recipient empty            | {"to":"","text":"Hi"}                           | 1001
            recipient null             | {"to":null,"text":"Hi"}                         | 1001
            recipient not E.164        | {"to":"777123456","text":"Hi"}                  | 1002
            recipient with letters     | {"to":"+42077712345a","text":"Hi"}              | 1002
            text missing               | {"to":"+420777123456"}                          | 1003
            text blank                 | {"to":"+420777123456","text":"   "}             | 1003
            text too long              | {"to":"+420777123456","text":"%161"}            | 1004
            text with a NUL            | {"to":"+420777123456","text":"a\\u0000b"}        | 1005
            text with a lone surrogate | {"to":"+420777123456","text":"a\\ud800b"}        | 1005
            sender too long            | {"to":"+420777123456","text":"Hi","sender":"ABCDEFGHIJKL"} | 1006
            sender with symbols        | {"to":"+420777123456","text":"Hi","sender":"AC<ME>"} | 1006
            to is a number             | {"to":420777123456,"text":"Hi"}                 | 1007
            text is an object          | {"to":"+420777123456","text":{"a":1}}           | 1007
            campaign is a string       | {"to":"+420777123456","text":"Hi","campaign":"x"} | 1007
            customer_id too long       | {"to":"+420777123456","text":"Hi","customer_id":"%256"} | 1008
            """)
    void aProblemOfOneCustomerIs200WithItsCode(String situation, String body, int code) {
        String rendered = body.replace("%161", "a".repeat(161)).replace("%256", "c".repeat(256));
        Reply reply = client.sendSms(key(), rendered);

        assertThat(reply.status()).as(situation).isEqualTo(200);
        assertThat(reply.success()).isFalse();
        assertThat(reply.errorCodes()).contains(code);
        assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.DELIVERED);
    }

    @Test
    void theTooLongAnswerNamesTheLimitAsTheGuideDoes() {
        Reply reply = client.sendSms(key(), "{\"to\":\"+420777123456\",\"text\":\"" + "x".repeat(200) + "\"}");

        assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("description"))
                .isEqualTo("SMS message too long. Limit is 160 characters.");
    }

    @Test
    void aPerCustomerErrorIsStoredAndReplayedToo() {
        String key = key();
        Reply first = client.sendSms(key, "{\"to\":\"\",\"text\":\"Hi\"}");
        Reply second = client.sendSms(key, "{\"to\":\"\",\"text\":\"Hi\"}");

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Idempotent-Replayed")).contains("true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON               | {"to":                 | 2001
            trailing garbage       | {"to":"+420777123456"} x | 2001
            empty body             | ''                     | 2001
            an array               | [1,2]                  | 2002
            a string               | "hello"                | 2002
            duplicate keys         | {"to":"+420777123456","to":"+420777000000","text":"a"} | 2001
            """)
    void aBodyWrongForEveryoneIs400(String situation, String body, int code) {
        Reply reply = client.send("POST", "/api/v1/sms",
                Map.of("Idempotency-Key", key(), "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).as(situation).isEqualTo(400);
        assertThat(reply.errorCodes()).containsExactly(code);
        assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.STOP);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 't', 'o', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Reply reply = client.send("POST", "/api/v1/sms",
                Map.of("Idempotency-Key", key(), "Content-Type", "application/json"), body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.BODY_NOT_JSON.code());
    }

    @Test
    void aMissingIdempotencyKeyIs400() {
        Reply reply = client.send("POST", "/api/v1/sms", Map.of("Content-Type", "application/json"),
                "{\"to\":\"+420777123456\",\"text\":\"Hi\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.IDEMPOTENCY_KEY_MISSING.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            with space
            'tab\there'
            ''
            """)
    void aMalformedIdempotencyKeyIs400(String key) {
        Reply reply = client.send("POST", "/api/v1/sms",
                Map.of("Idempotency-Key", key, "Content-Type", "application/json"),
                "{\"to\":\"+420777123456\",\"text\":\"Hi\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.IDEMPOTENCY_KEY_MALFORMED.code());
    }

    @Test
    void aKeyOf255CharactersIsAcceptedAnd256IsNot() {
        String body = "{\"to\":\"+420777123456\",\"text\":\"Hi\"}";
        assertThat(client.sendSms("k".repeat(255), body).status()).isEqualTo(200);
        assertThat(client.sendSms("k".repeat(256), body).status()).isEqualTo(400);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() {
        Reply reply = client.send("POST", "/api/v1/sms",
                Map.of("Idempotency-Key", key(), "Content-Type", "text/plain"),
                "{\"to\":\"+420777123456\",\"text\":\"Hi\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.UNSUPPORTED_MEDIA_TYPE.code());
        assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.FAILED);
    }

    @Test
    void jsonWithACharsetAndVendorJsonAreJson() {
        String body = "{\"to\":\"+420777123456\",\"text\":\"Hi\"}";
        for (String type : new String[] {"application/json; charset=utf-8", "application/vnd.sms+json"}) {
            Reply reply = client.send("POST", "/api/v1/sms", Map.of("Idempotency-Key", key(), "Content-Type", type),
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).as(type).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"to\":\"+420777123456\",\"text\":\"" + "a".repeat(5000) + "\"}";
        Reply reply = client.sendSms(key(), big);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.BODY_TOO_LARGE.code());
        assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.STOP);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() {
        byte[] big = ("{\"to\":\"+420777123456\",\"text\":\"" + "a".repeat(5000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Reply reply = client.sendChunked("POST", "/api/v1/sms",
                Map.of("Idempotency-Key", key(), "Content-Type", "application/json"), big);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.BODY_TOO_LARGE.code());
    }

    @Test
    void aChunkedBodyWithinTheLimitIsAccepted() {
        Reply reply = client.sendChunked("POST", "/api/v1/sms",
                Map.of("Idempotency-Key", key(), "Content-Type", "application/json"),
                "{\"to\":\"+420777123456\",\"text\":\"chunked\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.success()).isTrue();
    }

    @Test
    void withoutCredentialsIs401WithAChallenge() {
        Reply reply = client.anonymous().sendSms(key(), "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).contains("Basic realm=\"hookpoint\"");
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.AUTHENTICATION_REQUIRED.code());
        assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.FAILED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            wrong password   | Basic Ymxvb21yZWFjaDp3cm9uZw==
            unknown user     | Basic bm9ib2R5OmNvcnJlY3QgaG9yc2UgYmF0dGVyeSBzdGFwbGU=
            not base64       | Basic %%%%
            no colon         | Basic Ymxvb21yZWFjaA==
            another scheme   | Bearer abc.def.ghi
            empty            | Basic
            """)
    void badCredentialsAre401(String situation, String authorization) {
        Reply reply = client.withAuthorization(authorization).sendSms(key(), "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");

        assertThat(reply.status()).as(situation).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).contains("Basic realm=\"hookpoint\"");
    }

    @Test
    void anUnknownMessageIs404() {
        Reply reply = client.get("/api/v1/sms/" + UUID.randomUUID());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.NOT_FOUND.code());
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405() {
        Reply unknown = client.get("/api/v1/nothing-here");
        Reply wrongMethod = client.send("PUT", "/api/v1/sms", Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCodes()).containsExactly(ErrorCode.NOT_FOUND.code());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).contains("POST");
        assertThat(wrongMethod.errorCodes()).containsExactly(ErrorCode.METHOD_NOT_ALLOWED.code());
    }

    @Test
    void unknownPathsUnderTheApiNeedCredentialsFirst() {
        assertThat(client.anonymous().get("/api/v1/nothing-here").status()).isEqualTo(401);
        assertThat(client.anonymous().get("/api").status()).isEqualTo(401);
    }

    // read from the SQLite file on a connection of its own, as an operator would
    private static long messagesStoredFor(String key) {
        String url = "jdbc:sqlite:" + hookpoint.directory().resolve("data/hookpoint.db");
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement count = connection.prepareStatement(
                     "SELECT COUNT(*) FROM sms_message WHERE idempotency_key = ?")) {
            count.setString(1, key);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
