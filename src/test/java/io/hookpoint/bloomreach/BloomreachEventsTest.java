package io.hookpoint.bloomreach;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.hookpoint.bloomreach.TrackingStub.Answer;
import io.hookpoint.observe.PrometheusText;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Status changes go back to Bloomreach as events on the customer, through a local HTTPS stub of the
 * Tracking API's batch endpoint: the event's shape, delivered after a report, retries after 429 and 500,
 * a refused command kept failed and never sent again, no event without a customer id, batches of at most
 * 50, on a SQLite file and on PostgreSQL.
 */
class BloomreachEventsTest {
    private static final String CALLBACK_TOKEN = "callback-secret-0123456789";

    private TrackingStub bloomreach;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    static Map<String, String> bloomreachConfig(TrackingStub stub) {
        Map<String, String> config = new HashMap<>();
        config.put("hookpoint.bloomreach.api.url", stub.url().toString());
        config.put("hookpoint.bloomreach.project.token", TrackingStub.PROJECT);
        config.put("hookpoint.bloomreach.api.key.id", TrackingStub.KEY_ID);
        config.put("hookpoint.bloomreach.api.secret", TrackingStub.SECRET);
        config.put("hookpoint.bloomreach.trust", stub.certificate().toString());
        config.put("hookpoint.bloomreach.rate", "200");
        config.put("hookpoint.bloomreach.poll", "PT0.05S");
        config.put("hookpoint.bloomreach.backoff.initial", "PT0.1S");
        config.put("hookpoint.bloomreach.attempts", "5");
        config.put("hookpoint.callback.token", CALLBACK_TOKEN);
        config.put("hookpoint.delivery.poll", "PT0.05S");
        return config;
    }

    private void start(Engine engine, Map<String, String> extra) throws Exception {
        bloomreach = new TrackingStub();
        Map<String, String> config = bloomreachConfig(bloomreach);
        config.putAll(extra);
        hookpoint = TestHookpoint.create(engine, config);
        client = hookpoint.client(hookpoint.start().port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, bloomreach);
    }

    private String send(String customer) {
        String customerField = customer == null ? "" : ",\"customer_id\":\"" + customer + "\"";
        Reply reply = client.sendSms("br-" + UUID.randomUUID(), "{\"to\":\"+420777123456\",\"text\":\"Hi\""
                + customerField + ",\"campaign\":{\"scenario_id\":\"scn-7\",\"action_id\":\"act-3\"}}");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    private Reply report(String messageId, String status, String at) {
        String body = "{\"reports\":[{\"message_id\":\"" + messageId + "\",\"status\":\"" + status
                + "\",\"error_code\":\"" + (status.equals("undelivered") ? "30005" : "") + "\",\"at\":\"" + at + "\"}]}";
        return client.anonymous().send("POST", "/callbacks/http/status", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + CALLBACK_TOKEN), body.getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonObject> awaitEvents(String messageId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<JsonObject> events;
        do {
            events = bloomreach.acceptedEvents().stream()
                    .filter(e -> messageId.equals(e.getJsonObject("properties").getString("message_id", null)))
                    .toList();
            if (events.size() >= count) {
                return events;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Bloomreach got " + events + " for " + messageId + ", calls " + bloomreach.calls());
    }

    private JsonObject awaitEventState(String messageId, String status, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject message;
        do {
            message = client.get("/api/v1/sms/" + messageId).json();
            if (message.containsKey("bloomreach_events") && message.getJsonArray("bloomreach_events")
                    .getValuesAs(JsonObject.class).stream()
                    .anyMatch(e -> e.getString("status").equals(status) && e.getString("state").equals(state))) {
                return message;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the " + status + " event of " + messageId + " is not " + state + ": " + message);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sentAndDeliveredBecomeEventsOnTheCustomer(Engine engine) throws Exception {
        start(engine, Map.of());
        String id = send("customer-42");
        JsonObject sent = awaitEvents(id, 1).get(0);
        // a report time of its own: after the sent event, before the report arrives
        Instant reportedAt = Instant.ofEpochMilli(sent.getJsonNumber("timestamp").bigDecimalValue()
                .movePointRight(3).longValue() + 20);
        Thread.sleep(50);

        assertThat(report(id, "delivered", reportedAt.toString()).status()).isEqualTo(200);
        List<JsonObject> events = awaitEvents(id, 2);
        JsonObject message = awaitEventState(id, "delivered", "sent");

        assertThat(sent.getJsonObject("customer_ids").getString("registered")).isEqualTo("customer-42");
        assertThat(sent.getString("event_type")).isEqualTo("campaign");
        JsonObject properties = sent.getJsonObject("properties");
        assertThat(properties.getString("action_type")).isEqualTo("sms");
        assertThat(properties.getString("status")).isEqualTo("sent");
        assertThat(properties.getString("campaign_id")).isEqualTo("scn-7");
        assertThat(properties.getString("action_id")).isEqualTo("act-3");
        assertThat(properties.getString("encoding")).isEqualTo("GSM-7");
        assertThat(properties.getInt("sms_parts")).isEqualTo(1);
        // seconds, as Bloomreach reads them, within a minute of now
        assertThat(sent.getJsonNumber("timestamp").doubleValue())
                .isBetween(Instant.now().getEpochSecond() - 60.0, Instant.now().getEpochSecond() + 1.0);
        JsonObject delivered = events.get(1);
        assertThat(delivered.getJsonObject("properties").getString("status")).isEqualTo("delivered");
        // the report's own time, not the time it arrived
        assertThat(delivered.getJsonNumber("timestamp").bigDecimalValue())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(reportedAt.toEpochMilli()).movePointLeft(3));
        assertThat(bloomreach.calls()).allSatisfy(call -> assertThat(call.authorization()).startsWith("Basic "));
        assertThat(message.getJsonArray("bloomreach_events").getValuesAs(JsonObject.class))
                .extracting(e -> e.getString("status") + "/" + e.getString("state"))
                .containsExactly("sent/sent", "delivered/sent");
        // each command names its event, so a command and its result can be matched
        assertThat(bloomreach.calls().stream().flatMap(c -> c.commands().stream())
                .map(c -> c.getString("command_id")).collect(Collectors.toSet()))
                .contains(id + ":sent", id + ":delivered");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReportTimedBeforeTheSentEventStillComesAfterIt(Engine engine) throws Exception {
        // Bloomreach orders a customer's events by timestamp: a provider's clock or a minute-precise receipt
        // time (Vonage's scts) must not put "delivered" before "sent", which would leave "sent" as the last word
        start(engine, Map.of());
        String id = send("customer-7");
        JsonObject sent = awaitEvents(id, 1).get(0);

        assertThat(report(id, "delivered", "2026-11-29T10:15:00Z").status()).isEqualTo(200);
        JsonObject delivered = awaitEvents(id, 2).get(1);

        assertThat(delivered.getJsonObject("properties").getString("status")).isEqualTo("delivered");
        assertThat(delivered.getJsonNumber("timestamp").bigDecimalValue())
                .isEqualByComparingTo(sent.getJsonNumber("timestamp").bigDecimalValue().add(new java.math.BigDecimal("0.001")));
    }

    @Test
    void throttledAndFailingCallsAreTriedAgainUntilBloomreachTakesThem() throws Exception {
        AtomicInteger call = new AtomicInteger();
        start(Engine.SQLITE, Map.of());
        bloomreach.behave(commands -> switch (call.incrementAndGet()) {
        case 1 -> new Answer(429, "{\"success\":false,\"errors\":[\"rate limit\"]}", Map.of("Retry-After", "1"));
        case 2 -> new Answer(500, "{\"success\":false}", Map.of());
        default -> Answer.allSucceeded(commands);
        });
        String id = send("customer-1");

        awaitEventState(id, "sent", "sent");

        assertThat(bloomreach.calls()).extracting(TrackingStub.Call::status).startsWith(429, 500, 200);
        assertThat(bloomreach.acceptedEvents()).hasSize(1);
        // Retry-After: 1 was honoured before the second call
        List<TrackingStub.Call> calls = bloomreach.calls();
        assertThat(calls.get(1).atNanos() - calls.get(0).atNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
    }

    @Test
    void aWrongKeyOrProjectIsTriedAgainUntilTheOperatorFixesIt() throws Exception {
        // 401 (wrong key), 403 (a key without the tracking permission), 404 (a wrong project token: the path
        // names the project) say nothing about the event: failing it for good would lose every event of the
        // campaign over one configuration mistake
        AtomicInteger call = new AtomicInteger();
        start(Engine.SQLITE, Map.of());
        bloomreach.behave(commands -> switch (call.incrementAndGet()) {
        case 1 -> new Answer(401, "{\"success\":false,\"errors\":[\"access key invalid\"]}", Map.of());
        case 2 -> new Answer(403, "{\"success\":false,\"errors\":[\"forbidden\"]}", Map.of());
        case 3 -> new Answer(404, "{\"success\":false,\"errors\":[\"project not found\"]}", Map.of());
        default -> Answer.allSucceeded(commands);
        });
        String id = send("customer-1");

        awaitEventState(id, "sent", "sent");

        assertThat(bloomreach.calls()).extracting(TrackingStub.Call::status).startsWith(401, 403, 404, 200);
        assertThat(bloomreach.acceptedEvents()).hasSize(1);
    }

    @Test
    void aCommandBloomreachRefusesIsKeptFailedAndNeverSentAgain() throws Exception {
        start(Engine.SQLITE, Map.of());
        bloomreach.behave(commands -> Answer.results(commands, c -> !c.getJsonObject("data")
                .getJsonObject("customer_ids").getString("registered").equals("refused-customer")));
        String refused = send("refused-customer");
        JsonObject message = awaitEventState(refused, "sent", "failed");
        // a later event goes out, and the refused one is not among the calls again
        String later = send("customer-2");
        awaitEventState(later, "sent", "sent");

        assertThat(message.getJsonArray("bloomreach_events").getJsonObject(0).getString("last_error"))
                .contains("customer_ids: invalid value");
        assertThat(bloomreach.calls().stream().flatMap(c -> c.commands().stream())
                .filter(c -> c.getString("command_id").startsWith(refused))).hasSize(1);
        assertThat(PrometheusText.value(client.anonymous().get("/observe/metrics").text(),
                "hookpoint_bloomreach_events", Map.of("state", "failed"))).hasValue(1.0);
    }

    @Test
    void aMessageWithoutACustomerIdSendsNoEvent() throws Exception {
        start(Engine.SQLITE, Map.of());
        String anonymous = send(null);
        awaitEventState(anonymous, "sent", "skipped");
        String known = send("customer-3");
        awaitEventState(known, "sent", "sent");

        assertThat(bloomreach.acceptedEvents()).extracting(e -> e.getJsonObject("properties").getString("message_id"))
                .containsExactly(known);
    }

    @Test
    void manyEventsGoInBatchesOfAtMostFifty() throws Exception {
        // a slow rate, so the events pile up and go in full batches
        start(Engine.SQLITE, Map.of("hookpoint.bloomreach.rate", "2"));
        StringBuilder batch = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 120; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"key\":\"many-").append(i)
                    .append("\",\"to\":\"+420777123456\",\"text\":\"Hi\",\"customer_id\":\"c").append(i).append("\"}");
        }
        Reply reply = client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "application/json"),
                batch.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bloomreach.acceptedEvents().size() < 120 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Set<String> customers = bloomreach.acceptedEvents().stream()
                .map(e -> e.getJsonObject("customer_ids").getString("registered")).collect(Collectors.toSet());
        assertThat(customers).hasSize(120);
        assertThat(bloomreach.calls()).allSatisfy(c -> assertThat(c.commands()).hasSizeLessThanOrEqualTo(50));
        assertThat(bloomreach.calls().stream().mapToInt(c -> c.commands().size()).max().orElse(0)).isEqualTo(50);
    }

    @Test
    void incompleteSettingsStopTheStartNamingWhatIsMissing() {
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.bloomreach.api.url", "https://api.exponea.com",
                "hookpoint.bloomreach.project.token", TrackingStub.PROJECT)))
                .hasMessageContaining("HOOKPOINT_BLOOMREACH_API_KEY_ID")
                .hasMessageContaining("HOOKPOINT_BLOOMREACH_API_SECRET")
                .hasMessageNotContaining("HOOKPOINT_BLOOMREACH_PROJECT_TOKEN");
        assertThatThrownBy(() -> TestHookpoint.create(Map.of("hookpoint.bloomreach.api.url", "https://api.exponea.com",
                "hookpoint.bloomreach.project.token", TrackingStub.PROJECT, "hookpoint.bloomreach.api.key.id", "k",
                "hookpoint.bloomreach.api.secret", "s", "hookpoint.bloomreach.statuses", "sent,queued")))
                .hasMessageContaining("HOOKPOINT_BLOOMREACH_STATUSES");
    }

    @Test
    void anUndeliveredEventCarriesTheProvidersError() throws Exception {
        start(Engine.SQLITE, Map.of());
        bloomreach.behave(commands -> Answer.results(commands, c -> !c.getJsonObject("data")
                .getJsonObject("customer_ids").getString("registered").equals("refused-customer")));
        String kept = send("customer-5");
        String refused = send("refused-customer");
        awaitEventState(kept, "sent", "sent");
        awaitEventState(refused, "sent", "failed");

        String body = "{\"reports\":[{\"message_id\":\"" + kept + "\",\"status\":\"undelivered\","
                + "\"error_code\":\"30005\",\"error\":\"Unknown destination handset\"}]}";
        assertThat(client.anonymous().send("POST", "/callbacks/http/status", Map.of("Content-Type",
                "application/json", "Authorization", "Bearer " + CALLBACK_TOKEN), body.getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
        JsonObject undelivered = awaitEvents(kept, 2).get(1).getJsonObject("properties");

        assertThat(undelivered.getString("status")).isEqualTo("undelivered");
        assertThat(undelivered.getString("error_code")).isEqualTo("30005");
        assertThat(undelivered.getString("comment")).isEqualTo("Unknown destination handset");
        assertThat(client.get("/api/v1/sms/" + refused).json().getJsonArray("bloomreach_events").getJsonObject(0)
                .getString("state")).isEqualTo("failed");
    }
}
