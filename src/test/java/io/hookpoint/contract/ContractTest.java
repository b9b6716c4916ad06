package io.hookpoint.contract;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.Contract;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.HookpointServerTest;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract and the code agree: every declared operation is routed and answers with a declared
 * status and schema, the check of answers against the contract does catch a mismatch, and the error
 * catalog in the contract is the one in the code.
 */
class ContractTest extends HookpointServerTest {

    ContractTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }


    @Test
    void everyDeclaredOperationIsRoutedAndAnswersAsDeclared() {
        // a message to look up, made through the contract's own example
        Reply sent = client.sendSms("contract-example", exampleBody("/sms", "full"));
        String messageId = sent.json().getJsonObject("result").getString("message_id");
        Map<String, String> pathValues = Map.of("messageId", messageId, "provider", "http", "number", "%2B420777123456");

        List<Contract.Operation> operations = Contract.operations();
        assertThat(operations).extracting(Contract.Operation::operationId)
                .containsExactlyInAnyOrder("sendSms", "sendSmsBatch", "getSms", "checkAuth", "checkAuthPost",
                        "receiveDeliveryReports", "receiveInboundMessages", "listSuppressions", "addSuppression",
                        "removeSuppression");
        for (Contract.Operation operation : operations) {
            String path = operation.path();
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                path = path.replace("{" + value.getKey() + "}", value.getValue());
            }
            Map<String, String> headers = new HashMap<>();
            byte[] body = null;
            if (operation.operationId().equals("sendSms")) {
                headers.put("Idempotency-Key", "contract-" + operation.operationId());
                headers.put("Content-Type", "application/json");
                body = exampleBody("/sms", "minimal").getBytes(StandardCharsets.UTF_8);
            }
            if (operation.operationId().equals("receiveDeliveryReports")) {
                // without HOOKPOINT_CALLBACK_TOKEN every report is refused: declared, and answered as declared
                headers.put("Content-Type", "application/json");
                body = "{\"reports\":[]}".getBytes(StandardCharsets.UTF_8);
                Reply refused = client.send(operation.method(), path.replace("{provider}", "http"), headers, body);
                assertThat(refused.status()).as(operation.operationId()).isEqualTo(401);
                continue;
            }
            if (operation.operationId().equals("receiveInboundMessages")) {
                headers.put("Content-Type", "application/json");
                Reply refused = client.send(operation.method(), path, headers,
                        "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
                assertThat(refused.status()).as(operation.operationId()).isEqualTo(401);
                continue;
            }
            if (operation.path().startsWith("/admin/v1")) {
                // Bloomreach's credentials (a sender's) never reach the admin API: declared, and answered as declared
                headers.put("Content-Type", "application/json");
                body = operation.method().equals("POST") ? "{\"number\":\"+420777123456\"}"
                        .getBytes(StandardCharsets.UTF_8) : null;
                Reply refused = client.send(operation.method(), path, headers, body);
                assertThat(refused.status()).as(operation.operationId()).isEqualTo(403);
                assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getInt("code")).isEqualTo(3003);
                continue;
            }
            if (operation.operationId().equals("sendSmsBatch")) {
                headers.put("Content-Type", "application/json");
                body = exampleBody("/sms/batch", "twoCustomers").getBytes(StandardCharsets.UTF_8);
            }
            // the client checks status, headers and body against the contract
            Reply reply = client.send(operation.method(), path, headers, body);

            assertThat(reply.status()).as(operation.operationId()).isEqualTo(200);
            assertThat(declaredStatuses(operation)).contains("200");
        }
    }

    @Test
    void theContractCheckCatchesAnAnswerThatDoesNotMatch() {
        Reply wrongBody = new Reply(200, Map.of("content-type", List.of("application/json")),
                "{\"success\":\"yes\",\"result\":{\"code\":\"one\"}}".getBytes(StandardCharsets.UTF_8));
        Reply undeclaredStatus = new Reply(418, Map.of("content-type", List.of("application/json")),
                "{\"success\":false,\"errors\":[{\"code\":1,\"description\":\"x\"}]}".getBytes(StandardCharsets.UTF_8));
        Reply good = new Reply(200, Map.of("content-type", List.of("application/json")),
                "{\"success\":false,\"errors\":[{\"code\":1001,\"description\":\"x\"}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(Contract.validate("POST", "/api/v1/sms", wrongBody).hasErrors()).isTrue();
        assertThat(Contract.validate("POST", "/api/v1/sms", undeclaredStatus).hasErrors()).isTrue();
        assertThat(Contract.validate("POST", "/api/v1/sms", good).hasErrors()).isFalse();
    }

    @Test
    void theErrorCatalogOfTheContractIsTheOneInTheCode() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> catalog = (List<Map<String, Object>>) Contract.api().getComponents()
                .getExtensions().get("x-error-catalog");
        Map<Integer, String> inContract = new TreeMap<>();
        Map<Integer, Integer> statusInContract = new TreeMap<>();
        for (Map<String, Object> entry : catalog) {
            inContract.put((Integer) entry.get("code"), (String) entry.get("name"));
            statusInContract.put((Integer) entry.get("code"), (Integer) entry.get("http_status"));
        }
        Map<Integer, String> inCode = new TreeMap<>();
        Map<Integer, Integer> statusInCode = new TreeMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            inCode.put(code.code(), code.name());
            statusInCode.put(code.code(), code.status());
        }

        assertThat(inContract).isEqualTo(inCode);
        assertThat(statusInContract).isEqualTo(statusInCode);
        String description = Contract.api().getInfo().getDescription();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(description).as("catalog table in info.description").contains("| " + code.code() + " | "
                    + code.status() + " |");
        }
    }

    @Test
    void everyStatusAnOperationCanProduceIsDeclared() {
        Map<String, Set<String>> declared = Contract.operations().stream().collect(Collectors.toMap(
                Contract.Operation::operationId, ContractTest::declaredStatuses));
        Set<String> everywhere = Set.of("200", "401", "500", "503");
        declared.values().forEach(statuses -> assertThat(statuses).containsAll(everywhere));
        assertThat(declared.get("sendSms")).contains("400", "413", "415", "422");
        assertThat(declared.get("sendSmsBatch")).contains("400", "413", "415");
        assertThat(declared.get("getSms")).contains("404");
        assertThat(declared.get("checkAuthPost")).contains("413");
    }

    private static Set<String> declaredStatuses(Contract.Operation operation) {
        return operationOf(operation).getResponses().keySet();
    }

    private static Operation operationOf(Contract.Operation operation) {
        String path = operation.path().replaceFirst("^/(api|admin)/v1", "");
        PathItem item = Contract.api().getPaths().get(path);
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(operation.method()));
    }

    private static String exampleBody(String path, String example) {
        Object value = Contract.api().getPaths().get(path).getPost().getRequestBody().getContent()
                .get("application/json").getExamples().get(example).getValue();
        return io.swagger.v3.core.util.Json.pretty(value);
    }
}
