package io.hookpoint.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.ReportingAdapter;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery reports over real HTTPS, through the generic http gateway and a real adapter (a local HTTP
 * server), on a SQLite file and on PostgreSQL: the loop to {@code delivered}, authentication, duplicates,
 * reports out of order, unknown messages, and a report that overtakes the send's answer.
 */
class DeliveryReportsTest {
    private static final String TOKEN = "callback-secret-0123456789";
    private static final String PATH = "/callbacks/http/status";

    private ReportingAdapter adapter;
    private TestHookpoint hookpoint;
    private HttpsClient client;

    private void start(Engine engine, ReportingAdapter configured) throws Exception {
        adapter = configured;
        int port = freePort();
        Map<String, String> config = new HashMap<>(Map.of(
                "server.port", String.valueOf(port),
                "hookpoint.public.url", "https://localhost:" + port,
                "hookpoint.callback.token", TOKEN,
                "hookpoint.gateway.type", "http",
                "hookpoint.gateway.url", adapter.url().toString(),
                "hookpoint.gateway.read.timeout", "PT2S",
                "hookpoint.delivery.lease", "PT5S",
                "hookpoint.delivery.poll", "PT0.05S"));
        hookpoint = TestHookpoint.create(engine, config);
        WebServer server = hookpoint.start();
        client = hookpoint.client(server.port());
        adapter.trusting(hookpoint.certificate());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, adapter);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String send() {
        Reply reply = client.sendSms("report-" + UUID.randomUUID(), "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    private Reply callback(String authorization, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return client.anonymous().send("POST", PATH, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private Reply report(String id, String fields) {
        return callback("Bearer " + TOKEN, "{\"reports\":[{\"message_id\":\"" + id + "\"," + fields + "}]}");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theAdapterReportsAndTheMessageIsDelivered(Engine engine) throws Exception {
        start(engine, new ReportingAdapter(TOKEN).autoReport());

        String id = send();
        JsonObject message = client.awaitSmsStatus(id, "delivered");

        assertThat(adapter.sendOf(id).getString("callback_url")).endsWith(PATH).startsWith("https://localhost:");
        assertThat(message.getString("provider")).isEqualTo("http");
        assertThat(message.getString("provider_message_id")).isEqualTo("P-" + id);
        assertThat(message.getString("provider_status")).isEqualTo("DELIVRD");
        assertThat(message.getInt("segments_billed")).isEqualTo(1);
        assertThat(message.getString("price")).isEqualTo("0.0075");
        assertThat(message.getString("price_currency")).isEqualTo("EUR");
        assertThat(message.containsKey("sent_at")).isTrue();
        assertThat(message.containsKey("delivered_at")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void duplicatesAndReportsOutOfOrderChangeNothing(Engine engine) throws Exception {
        start(engine, new ReportingAdapter(TOKEN));
        String id = send();
        client.awaitSmsStatus(id, "sent");

        Reply first = report(id, "\"status\":\"delivered\",\"at\":\"2026-11-29T10:15:32Z\"");
        Reply again = report(id, "\"status\":\"delivered\",\"at\":\"2026-11-29T10:16:00Z\"");
        Reply late = report(id, "\"status\":\"sent\"");
        Reply contrary = report(id, "\"status\":\"failed\",\"error_code\":\"30005\"");

        assertThat(first.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        for (Reply unchanged : new Reply[] {again, late, contrary}) {
            assertThat(unchanged.status()).isEqualTo(200);
            assertThat(unchanged.json().getJsonObject("result").getInt("unchanged")).isEqualTo(1);
        }
        JsonObject message = client.get("/api/v1/sms/" + id).json();
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("delivered_at")).startsWith("2026-11-29T10:15:32");
        assertThat(message.containsKey("provider_error_code")).isFalse();
        assertThat(message.containsKey("failed_at")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReportThatOvertakesTheSendsAnswerIsAppliedAndTheAnswerStillAddsTheProviderId(Engine engine)
            throws Exception {
        // the adapter answers the send 1.5 s late; its report arrives while the message is still sending
        start(engine, new ReportingAdapter(TOKEN).answerAfter(1_500));
        String id = send();
        assertThat(adapter.awaitSend(id)).isTrue();
        assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("sending");

        Reply reply = report(id, "\"status\":\"delivered\"");

        assertThat(reply.json().getJsonObject("result").getInt("applied")).isEqualTo(1);
        assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("delivered");
        JsonObject message = awaitProviderId(id);
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("price")).isEqualTo("0.0075");
        assertThat(message.containsKey("sent_at")).isTrue();
    }

    private JsonObject awaitProviderId(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject message;
        do {
            message = client.get("/api/v1/sms/" + id).json();
            if (message.containsKey("provider_message_id")) {
                return message;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the send's answer was never recorded: " + message);
    }

    @Test
    void aReportForAnUnknownMessageIsAnsweredOkAndCounted() throws Exception {
        start(Engine.SQLITE, new ReportingAdapter(TOKEN));
        long before = unknownReports();

        Reply reply = report("no-such-message", "\"status\":\"delivered\"");
        Reply byProviderId = callback("Bearer " + TOKEN,
                "{\"reports\":[{\"provider_message_id\":\"P-nobody\",\"status\":\"failed\"}]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getJsonObject("result").getInt("unknown")).isEqualTo(1);
        assertThat(byProviderId.json().getJsonObject("result").getInt("unknown")).isEqualTo(1);
        assertThat(unknownReports()).isEqualTo(before + 2);
    }

    private long unknownReports() {
        Reply metrics = client.anonymous().get("/observe/metrics");
        for (String line : metrics.text().split("\n")) {
            if (line.startsWith("hookpoint_reports_unknown_total")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no hookpoint_reports_unknown_total in\n" + metrics.text());
    }

    @Test
    void aMissingOrForgedTokenIs401AndChangesNothing() throws Exception {
        start(Engine.SQLITE, new ReportingAdapter(TOKEN));
        String id = send();
        client.awaitSmsStatus(id, "sent");
        String body = "{\"reports\":[{\"message_id\":\"" + id + "\",\"status\":\"delivered\"}]}";

        Reply missing = callback(null, body);
        Reply forged = callback("Bearer " + TOKEN.substring(0, TOKEN.length() - 1) + "X", body);
        Reply basic = callback("Basic " + java.util.Base64.getEncoder().encodeToString(
                (TestHookpoint.USER + ":" + TestHookpoint.PASSWORD).getBytes(StandardCharsets.UTF_8)), body);
        Reply longer = callback("Bearer " + TOKEN + "0", body);

        for (Reply reply : new Reply[] {missing, forged, basic, longer}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).contains("Bearer realm=\"hookpoint-callbacks\"");
        }
        assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("sent");
    }

    @Test
    void withoutAConfiguredTokenEveryReportIsRefused() throws Exception {
        adapter = new ReportingAdapter(TOKEN);
        hookpoint = TestHookpoint.create(Map.of("hookpoint.gateway.type", "http",
                "hookpoint.gateway.url", adapter.url().toString()));
        client = hookpoint.client(hookpoint.start().port());

        assertThat(callback("Bearer ", "{\"reports\":[]}").status()).isEqualTo(401);
        assertThat(callback("Bearer anything", "{\"reports\":[]}").status()).isEqualTo(401);
    }

    @Test
    void unreadableCallbacksGetTheirDeliberateAnswers() throws Exception {
        start(Engine.SQLITE, new ReportingAdapter(TOKEN));
        String id = send();
        client.awaitSmsStatus(id, "sent");
        String auth = "Bearer " + TOKEN;

        // the catalog's codes, as on every endpoint: 2001 not JSON, 2002 not the expected object
        Reply notJson = callback(auth, "not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().getJsonArray("errors").getJsonObject(0).getInt("code")).isEqualTo(2001);
        Reply notReports = callback(auth, "{\"reports\":{}}");
        assertThat(notReports.status()).isEqualTo(400);
        assertThat(notReports.json().getJsonArray("errors").getJsonObject(0).getInt("code")).isEqualTo(2002);
        // one bad report refuses the whole call: nothing of it is applied
        Reply bad = callback(auth, "{\"reports\":[{\"message_id\":\"" + id + "\",\"status\":\"delivered\"},"
                + "{\"message_id\":\"" + id + "\",\"status\":\"queued\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("Report 1");
        assertThat(callback(auth, "{\"reports\":[{\"status\":\"delivered\"}]}").status()).isEqualTo(400);
        assertThat(callback(auth, "{\"reports\":[{\"message_id\":\"x\",\"status\":\"delivered\",\"price\":\"cheap\"}]}")
                .status()).isEqualTo(400);
        assertThat(client.anonymous().send("POST", PATH, Map.of("Content-Type", "text/plain", "Authorization", auth),
                "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
        byte[] huge = ("{\"reports\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(client.anonymous().send("POST", PATH, Map.of("Content-Type", "application/json", "Authorization", auth),
                huge).status()).isEqualTo(413);
        assertThat(client.anonymous().send("POST", "/callbacks/nobody/status", Map.of("Authorization", auth),
                "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
        assertThat(client.anonymous().get(PATH).status()).isEqualTo(405);
        assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("sent");
    }
}
