package io.hookpoint.sms;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.HookpointServerTest;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch webhook over the wire: per-item answers, per-item idempotency, envelope errors. */
class BatchEndpointTest extends HookpointServerTest {

    BatchEndpointTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of("hookpoint.batch.body.limit", "400000"));
    }


    private Reply batch(String json) {
        return client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    // item i: every 7th has an invalid phone, every 50th has no key, item 999 is not an object
    private static String thousandItems(String prefix) {
        StringBuilder json = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 1000; i++) {
            if (i > 0) {
                json.append(',');
            }
            if (i == 999) {
                json.append("\"not an object\"");
                continue;
            }
            json.append('{');
            if (i % 50 != 49) {
                json.append("\"key\":\"").append(prefix).append('-').append(i).append("\",");
            }
            String to = i % 7 == 3 ? "12345" : "+42077710" + String.format("%04d", i);
            json.append("\"to\":\"").append(to).append("\",\"text\":\"Hello customer ").append(i)
                    .append("\",\"customer_id\":\"c").append(i).append("\"}");
        }
        return json.append("]}").toString();
    }

    private static boolean expectAccepted(int i) {
        return i != 999 && i % 50 != 49 && i % 7 != 3;
    }

    @Test
    void aThousandMixedItemsGetAnswersInOrderAndTheRetryChangesNothing() {
        String body = thousandItems("big");
        Reply first = batch(body);
        Reply retry = batch(body);

        assertThat(first.status()).isEqualTo(200);
        List<JsonObject> results = first.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(results).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            JsonObject result = results.get(i);
            assertThat(result.getBoolean("replayed")).isFalse();
            assertThat(result.getBoolean("success")).as("item %d", i).isEqualTo(expectAccepted(i));
            if (i == 999) {
                assertThat(result.getJsonArray("errors").getJsonObject(0).getInt("code"))
                        .isEqualTo(ErrorCode.ITEM_NOT_OBJECT.code());
            } else if (i % 50 == 49) {
                assertThat(result.containsKey("key")).isFalse();
                assertThat(result.getJsonArray("errors").getJsonObject(0).getInt("code"))
                        .isEqualTo(ErrorCode.ITEM_KEY_MISSING.code());
            } else {
                assertThat(result.getString("key")).isEqualTo("big-" + i);
                if (i % 7 == 3) {
                    assertThat(result.getJsonArray("errors").getJsonObject(0).getInt("code"))
                            .isEqualTo(ErrorCode.RECIPIENT_INVALID.code());
                }
            }
        }
        long accepted = java.util.stream.IntStream.range(0, 1000).filter(BatchEndpointTest::expectAccepted).count();
        assertThat(count("SELECT COUNT(*) FROM sms_message WHERE idempotency_key LIKE 'big-%'")).isEqualTo(accepted);

        List<JsonObject> again = retry.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(count("SELECT COUNT(*) FROM sms_message WHERE idempotency_key LIKE 'big-%'"))
                .as("no new messages").isEqualTo(accepted);
        for (int i = 0; i < 1000; i++) {
            boolean keyed = i != 999 && i % 50 != 49;
            assertThat(again.get(i).getBoolean("replayed")).as("item %d", i).isEqualTo(keyed);
            JsonObject before = results.get(i);
            JsonObject after = again.get(i);
            assertThat(after.get("result")).isEqualTo(before.get("result"));
            assertThat(after.get("errors")).isEqualTo(before.get("errors"));
        }
    }

    @Test
    void itemsShareTheIdempotencyLogWithPerCustomerRequests() {
        Reply single = client.sendSms("shared-1", "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        Reply batch = batch("""
                {"messages":[
                  {"key":"shared-1","to":"+420777123456","text":"Hi"},
                  {"key":"shared-1","to":"+420777123456","text":"Other text"},
                  {"key":"shared-2","to":"+420777123456","text":"Hi"},
                  {"key":"shared-2","to":"+420777123456","text":"Hi"},
                  {"key":"bad key","to":"+420777123456","text":"Hi"},
                  {"key":7,"to":"+420777123456","text":"Hi"}
                ]}""");

        List<JsonObject> results = batch.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(results.get(0).getBoolean("replayed")).isTrue();
        assertThat(results.get(0).getJsonObject("result")).isEqualTo(single.json().getJsonObject("result"));
        assertThat(results.get(1).getBoolean("success")).isFalse();
        assertThat(results.get(1).getJsonArray("errors").getJsonObject(0).getInt("code"))
                .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
        assertThat(results.get(2).getBoolean("replayed")).isFalse();
        assertThat(results.get(3).getBoolean("replayed")).as("a duplicate inside one batch").isTrue();
        assertThat(results.get(3).getJsonObject("result")).isEqualTo(results.get(2).getJsonObject("result"));
        assertThat(results.get(4).getJsonArray("errors").getJsonObject(0).getInt("code"))
                .isEqualTo(ErrorCode.ITEM_KEY_MALFORMED.code());
        assertThat(results.get(5).getJsonArray("errors").getJsonObject(0).getInt("code"))
                .isEqualTo(ErrorCode.ITEM_KEY_MALFORMED.code());
    }

    @Test
    void anEmptyBatchIsAnEmptyAnswer() {
        Reply reply = batch("{\"messages\":[]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonArray("results")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON            | {"messages": [          | 2001
            an array            | [{"key":"a"}]           | 2011
            no messages         | {"items":[]}            | 2011
            messages not a list | {"messages":{"key":"a"}} | 2011
            """)
    void anEnvelopeWrongForEveryoneIs400(String situation, String body, int code) {
        Reply reply = batch(body);

        assertThat(reply.status()).as(situation).isEqualTo(400);
        assertThat(reply.errorCodes()).containsExactly(code);
    }

    @Test
    void moreItemsThanTheLimitIs400() {
        StringBuilder json = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 1001; i++) {
            json.append(i == 0 ? "" : ",").append("{}");
        }
        Reply reply = batch(json.append("]}").toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.BATCH_TOO_MANY_ITEMS.code());
        assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("description")).contains("1000");
    }

    @Test
    void aBatchOverItsBodyLimitIs413AndANonJsonTypeIs415() {
        Reply tooLarge = client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "application/json"),
                new byte[400_001]);
        Reply plain = client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "text/plain"),
                "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(plain.status()).isEqualTo(415);
    }

    private long count(String sql) {
        return hookpoint.hookpoint().store().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
