package io.hookpoint.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.client.ApiException;
import io.hookpoint.client.api.CallbacksApi;
import io.hookpoint.client.model.CallbackResult;
import io.hookpoint.client.model.DeliveryReport;
import io.hookpoint.client.model.DeliveryReports;
import io.hookpoint.client.model.ReceiveDeliveryReportsRequest;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.ReportingAdapter;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.Sdk;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A partner's adapter of the generic {@code http} gateway reports delivery through the generated SDK
 * ({@code CallbacksApi}), as docs/sdk.md shows: applied, and refused with a wrong secret.
 */
class CallbacksThroughSdkTest {
    private static final String TOKEN = "sdk-callback-secret-0123456789";

    private ReportingAdapter adapter;
    private TestHookpoint hookpoint;

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, adapter);
    }

    @Test
    void anAdapterReportsThroughTheSdk() throws Exception {
        adapter = new ReportingAdapter(TOKEN);
        int port = DeliveryReportsTest.freePort();
        hookpoint = TestHookpoint.create(Map.of("server.port", String.valueOf(port),
                "hookpoint.public.url", "https://localhost:" + port, "hookpoint.callback.token", TOKEN,
                "hookpoint.gateway.type", "http", "hookpoint.gateway.url", adapter.url().toString(),
                "hookpoint.delivery.poll", "PT0.05S"));
        hookpoint.start();
        adapter.trusting(hookpoint.certificate());
        HttpsClient client = hookpoint.client(port);
        Reply sent = client.sendSms("sdk-" + UUID.randomUUID(), "{\"to\":\"+420777123456\",\"text\":\"Hi\"}");
        String id = sent.json().getJsonObject("result").getString("message_id");
        client.awaitSmsStatus(id, "sent");

        DeliveryReports reports = new DeliveryReports().reports(List.of(new DeliveryReport().messageId(id)
                .status(DeliveryReport.StatusEnum.DELIVERED).providerStatus("DELIVRD")
                .at(OffsetDateTime.parse("2026-12-01T10:15:32Z"))));
        CallbackResult result = new CallbacksApi(Sdk.callbackClient(port, hookpoint.certificate(), TOKEN))
                .receiveDeliveryReports("http", new ReceiveDeliveryReportsRequest(reports), null, null);
        CallbacksApi forged = new CallbacksApi(Sdk.callbackClient(port, hookpoint.certificate(), "not-the-secret"));

        assertThat(result.getSuccess()).isTrue();
        assertThat(result.getResult().getApplied()).isEqualTo(1);
        JsonObject message = client.get("/api/v1/sms/" + id).json();
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getString("provider_status")).isEqualTo("DELIVRD");
        assertThatThrownBy(() -> forged.receiveDeliveryReports("http", new ReceiveDeliveryReportsRequest(reports),
                null, null)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
}
