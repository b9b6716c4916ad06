package io.hookpoint.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.hookpoint.sms.SmsRequestParser;
import io.hookpoint.testing.Contract;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.Reply;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.swagger.v3.oas.models.media.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an outside tester found the contract to say wrongly, each held against the running service: the
 * request schemas describe what the service accepts, the answers it serves stay within the response
 * schemas at the largest configuration, and the per-customer rules are where tools and readers see them.
 */
class ContractTruthTest extends HookpointServerTest {
    private static final OpenApiInteractionValidator REQUESTS = OpenApiInteractionValidator
            .createForSpecificationUrl(Contract.FILE.toAbsolutePath().toUri().toString())
            .build();
    private static final String AUTHORIZATION = "Basic dXNlcjpwYXNz";

    ContractTruthTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        // the largest text the service can be configured to take
        setUp(builder, Map.of("hookpoint.sms.segments", String.valueOf(SmsRequestParser.MAX_SEGMENTS)));
    }

    @Test
    void aTextAsLongAsTheServiceAcceptsIsServedWithinTheResponseSchema() {
        Reply sent = client.sendSms("truth-long-text", "{\"to\":\"+420777123456\",\"text\":\"" + "a".repeat(5_000) + "\"}");
        assertThat(sent.success()).as(sent.text()).isTrue();

        // the client checks the answer against the contract: SmsMessage.text must allow it
        Reply found = client.get("/api/v1/sms/" + sent.json().getJsonObject("result").getString("message_id"));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().getString("text")).hasSize(5_000);
    }

    @Test
    void theLongestTextOfTheLargestConfigurationFitsTheResponseSchema() {
        Schema<?> text = (Schema<?>) Contract.api().getComponents().getSchemas().get("SmsMessage").getProperties()
                .get("text");
        int longest = 0;
        for (io.hookpoint.sms.TextEncoding encoding : io.hookpoint.sms.TextEncoding.values()) {
            longest = Math.max(longest, encoding.limit(SmsRequestParser.MAX_SEGMENTS));
        }

        assertThat(text.getMaxLength()).isGreaterThanOrEqualTo(longest);
        assertThatThrownBy(() -> new SmsRequestParser(SmsRequestParser.MAX_SEGMENTS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNumberWithSeparatorsIsAValidRequestAndIsServedNormalised() {
        String body = "{\"to\":\"+420 777-123 456\",\"text\":\"Hi\"}";
        assertValidRequest("POST", "/api/v1/sms", "application/json", body);

        Reply sent = client.sendSms("truth-separators", body);
        assertThat(sent.success()).as(sent.text()).isTrue();
        // the response's `to` is strict E.164; the client checks it against the contract
        Reply found = client.get("/api/v1/sms/" + sent.json().getJsonObject("result").getString("message_id"));
        assertThat(found.json().getString("to")).isEqualTo("+420777123456");
    }

    @Test
    void everyRequestAnswered200IsAValidRequestAndItsErrorsAreDeclaredAsPerCustomer() {
        String tooLongText = "a".repeat(40_000);
        List<String> bodies = List.of(
                "{\"text\":\"Hi\"}",
                "{\"to\":\"\",\"text\":\"Hi\"}",
                "{\"to\":\"12\",\"text\":\"Hi\"}",
                "{\"to\":\"" + "1".repeat(40) + "\",\"text\":\"Hi\"}",
                "{\"to\":\"+420777123456\"}",
                "{\"to\":\"+420777123456\",\"text\":\"" + tooLongText + "\"}",
                "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"sender\":\"" + "S".repeat(20) + "\"}",
                "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"customer_id\":\"" + "c".repeat(300) + "\"}",
                "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"reference\":\"" + "r".repeat(300) + "\"}",
                "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"campaign\":{\"action_id\":\"" + "a".repeat(300) + "\"}}");
        List<Integer> perCustomer = perCustomerErrors("/sms");
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (String body : bodies) {
            Reply reply = client.sendSms("truth-200-" + i++, body);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.success()).isFalse();
            assertThat(perCustomer).containsAll(reply.errorCodes());
            ValidationReport report = validateRequest("POST", "/api/v1/sms", "application/json", body);
            if (report.hasErrors()) {
                failures.add(abbreviated(body) + ": " + messages(report));
            }
        }
        assertThat(failures).as("requests the service accepts (200) but the request schema refuses").isEmpty();
    }

    @Test
    void aBatchItemWithAPerCustomerProblemIsAValidBatchRequest() {
        String body = "{\"messages\":[{\"key\":\"\",\"to\":\"12\",\"text\":\"Hi\"},"
                + "{\"key\":\"truth-batch-1\",\"to\":\"+420 777-123 456\",\"text\":\"" + "a".repeat(300) + "\","
                + "\"sender\":\"" + "S".repeat(20) + "\"}]}";
        Reply reply = client.send("POST", "/api/v1/sms/batch", Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(perCustomerErrors("/sms/batch")).containsAll(reply.json().getJsonArray("results").stream()
                .flatMap(r -> r.asJsonObject().getJsonArray("errors").stream())
                .map(e -> e.asJsonObject().getInt("code")).toList());
        assertValidRequest("POST", "/api/v1/sms/batch", "application/json", body);
    }

    @Test
    void authCheckPostDeclaresAnOptionalBodyOfAnyKind() {
        assertValidRequest("POST", "/api/v1/auth/check", "application/json", "{\"test\":true}");
        assertValidRequest("POST", "/api/v1/auth/check", "text/plain", "hello");
        // (no body at all: the request validator insists on a Content-Type whenever a body is declared,
        // even an optional one, so that case is held by the server's answer below)
        assertThat(Contract.api().getPaths().get("/auth/check").getPost().getRequestBody().getRequired())
                .isNotEqualTo(Boolean.TRUE);

        for (String type : List.of("application/json", "text/plain")) {
            Reply reply = client.send("POST", "/api/v1/auth/check", Map.of("Content-Type", type),
                    "{\"test\":true}".getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(client.send("POST", "/api/v1/auth/check", Map.of(), null).status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> perCustomerErrors(String path) {
        Map<String, Object> rules = (Map<String, Object>) Contract.api().getPaths().get(path).getPost()
                .getExtensions().get("x-per-customer-validation");
        assertThat(rules).as("x-per-customer-validation of POST " + path).isNotNull();
        assertThat(rules.get("status")).isEqualTo(200);
        return (List<Integer>) rules.get("errors");
    }

    private static void assertValidRequest(String method, String path, String contentType, String body) {
        ValidationReport report = validateRequest(method, path, contentType, body);
        assertThat(report.hasErrors()).as(method + " " + path + " " + abbreviated(String.valueOf(body)) + ": "
                + messages(report)).isFalse();
    }

    private static ValidationReport validateRequest(String method, String path, String contentType, String body) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path)
                .withAuthorization(AUTHORIZATION);
        if (path.equals("/api/v1/sms")) {
            request.withHeader("Idempotency-Key", "truth-key");
        }
        if (contentType != null) {
            request.withContentType(contentType);
        }
        if (body != null) {
            request.withBody(body);
        }
        return REQUESTS.validateRequest(request.build());
    }

    private static String messages(ValidationReport report) {
        return report.getMessages().stream().map(ValidationReport.Message::getMessage)
                .collect(Collectors.joining("; "));
    }

    private static String abbreviated(String body) {
        return body.length() > 80 ? body.substring(0, 80) + "..." : body;
    }
}
