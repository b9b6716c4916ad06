package io.hookpoint.bloomreach;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-outs and opt-ins reach Bloomreach's Tracking API (a local stub over real TLS) as {@code consent} events
 * on the customer last texted at the number: a STOP reply rejects the configured category, a START accepts it,
 * an operator's removal accepts it too; a number nobody was texted at makes no event. On SQLite and
 * PostgreSQL (the "customer last texted at the number" look-up is SQL of each dialect).
 */
class ConsentEventsTest {
    private static final String CATEGORY = "sms_marketing";
    private static final String NUMBER = "+420777800001";

    private TrackingStub bloomreach;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, bloomreach);
    }

    private Reply reply(String from, String text) {
        return client.withAuthorization("Bearer callback-secret-0123456789").send("POST", "/callbacks/http/inbound",
                Map.of("Content-Type", "application/json"),
                ("{\"messages\":[{\"from\":\"" + from + "\",\"text\":\"" + text + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonObject> awaitConsents(int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<JsonObject> consents = bloomreach.acceptedEvents().stream()
                    .filter(e -> e.getString("event_type").equals("consent")).toList();
            if (consents.size() >= count) {
                return consents;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + count + " consent events reached Bloomreach");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void stopAndStartBecomeConsentEventsOnTheCustomerLastTextedAtTheNumber(Engine engine) throws Exception {
        bloomreach = new TrackingStub();
        Map<String, String> config = BloomreachEventsTest.bloomreachConfig(bloomreach);
        config.put("hookpoint.bloomreach.consent.category", CATEGORY);
        hookpoint = TestHookpoint.create(engine, config);
        client = hookpoint.client(hookpoint.start().port());
        assertThat(client.sendSms("older", "{\"to\":\"" + NUMBER + "\",\"text\":\"Hi\",\"customer_id\":\"c-old\"}")
                .success()).isTrue();
        Thread.sleep(5);
        assertThat(client.sendSms("newer", "{\"to\":\"" + NUMBER + "\",\"text\":\"Hi\",\"customer_id\":\"c-42\"}")
                .success()).isTrue();

        assertThat(reply(NUMBER, "STOP").status()).isEqualTo(200);
        assertThat(reply(NUMBER, "STOP").status()).isEqualTo(200);   // no change, no second event
        assertThat(reply("+420777800999", "STOP").status()).isEqualTo(200);   // never texted: no customer
        JsonObject reject = awaitConsents(1).get(0);
        assertThat(reply(NUMBER, "START").status()).isEqualTo(200);
        JsonObject accept = awaitConsents(2).get(1);
        Reply removedAgain = client.withCredentials(TestHookpoint.ADMIN, TestHookpoint.ADMIN_PASSWORD)
                .send("POST", "/admin/v1/suppressions", Map.of("Content-Type", "application/json"),
                        ("{\"number\":\"" + NUMBER + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(removedAgain.status()).isEqualTo(200);
        JsonObject adminReject = awaitConsents(3).get(2);

        assertThat(reject.getJsonObject("customer_ids").getString("registered")).isEqualTo("c-42");
        assertThat(reject.getJsonObject("properties").getString("action")).isEqualTo("reject");
        assertThat(reject.getJsonObject("properties").getString("category")).isEqualTo(CATEGORY);
        assertThat(reject.getJsonObject("properties").getString("valid_until")).isEqualTo("unlimited");
        assertThat(accept.getJsonObject("customer_ids").getString("registered")).isEqualTo("c-42");
        assertThat(accept.getJsonObject("properties").getString("action")).isEqualTo("accept");
        assertThat(adminReject.getJsonObject("properties").getString("action")).isEqualTo("reject");
        Thread.sleep(300);
        assertThat(bloomreach.acceptedEvents().stream().filter(e -> e.getString("event_type").equals("consent")))
                .hasSize(3);
    }
}
