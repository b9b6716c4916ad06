package io.hookpoint.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.hookpoint.Hookpoint;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.Contract;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The table of operations is the contract's (read by another parser here), drives the routing and the
 * 405 answers, names requests for metrics, and refuses to start when contract and handlers disagree.
 */
class OperationsTest extends HookpointServerTest {
    private static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    OperationsTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }

    @Test
    void theTableIsTheContractsOperations() {
        Set<String> table = Operations.contract().all().stream()
                .map(o -> o.method().text() + " " + o.path() + " " + o.operationId())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> contract = Contract.operations().stream()
                .map(o -> o.method() + " " + o.path() + " " + o.operationId())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(table).isEqualTo(contract).hasSize(10)
                .contains("POST /callbacks/{provider}/status receiveDeliveryReports",
                        "POST /callbacks/{provider}/inbound receiveInboundMessages",
                        "GET /admin/v1/suppressions listSuppressions",
                        "DELETE /admin/v1/suppressions/{number} removeSuppression");
        assertThat(Operations.contract().prefix()).isEqualTo(Hookpoint.API_PREFIX);
    }

    @Test
    void getOnTheBatchPathIsMethodNotAllowedNotAMessageId() {
        Reply reply = client.get("/api/v1/sms/batch");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).contains("POST");
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.METHOD_NOT_ALLOWED.code());
    }

    @Test
    void everyUndeclaredMethodOnADeclaredPathIs405WithTheDeclaredMethodsInAllow() {
        Map<String, Set<String>> declared = new HashMap<>();
        Contract.operations().forEach(o -> declared.computeIfAbsent(o.path().replaceAll("\\{[^/]+}", "some-id"),
                p -> new TreeSet<>()).add(o.method()));
        for (Map.Entry<String, Set<String>> path : declared.entrySet()) {
            for (String method : ALL_METHODS) {
                if (path.getValue().contains(method)) {
                    continue;
                }
                // the admin API's shape is an admin's to see: a sender gets 403 there before any 405
                HttpsClient caller = path.getKey().startsWith("/admin/")
                        ? client.withCredentials(TestHookpoint.ADMIN, TestHookpoint.ADMIN_PASSWORD) : client;
                Reply reply = caller.send(method, path.getKey(), Map.of(), null);

                assertThat(reply.status()).as(method + " " + path.getKey()).isEqualTo(405);
                assertThat(new TreeSet<>(List.of(reply.header("Allow").orElseThrow().split(", "))))
                        .as(method + " " + path.getKey()).isEqualTo(path.getValue());
            }
        }
    }

    @Test
    void matchNamesTheOperationOfARequest() {
        assertThat(Operations.match(Method.POST, "/api/v1/sms")).contains("sendSms");
        assertThat(Operations.match(Method.POST, "/api/v1/sms/batch")).contains("sendSmsBatch");
        assertThat(Operations.match(Method.GET, "/api/v1/sms/0f8c5d52")).contains("getSms");
        assertThat(Operations.match(Method.GET, "/api/v1/auth/check")).contains("checkAuth");
        assertThat(Operations.match(Method.POST, "/api/v1/auth/check")).contains("checkAuthPost");
        // a literal path wins over the template: GET /sms/batch is a 405, no operation
        assertThat(Operations.match(Method.GET, "/api/v1/sms/batch")).isEmpty();
        // a path item with servers of its own lives under those: the callbacks at the root, not in /api/v1
        assertThat(Operations.match(Method.POST, "/callbacks/http/status")).contains("receiveDeliveryReports");
        assertThat(Operations.match(Method.POST, "/api/v1/callbacks/http/status")).isEmpty();
        assertThat(Operations.match(Method.GET, "/api/v1/sms/a/b")).isEmpty();
        assertThat(Operations.match(Method.GET, "/api/v1/sms/")).isEmpty();
        assertThat(Operations.match(Method.POST, "/sms")).isEmpty();
        assertThat(Operations.match(Method.GET, "/observe/health")).isEmpty();
    }

    @Test
    void startUpFailsWhenAnOperationHasNoHandlerOrAHandlerNoOperation() {
        Handler handler = (request, response) -> response.send();
        Answers answers = new Answers(1);
        Map<String, Handler> complete = new HashMap<>();
        Operations.contract().all().forEach(o -> complete.put(o.operationId(), handler));
        Operations.contract().route(HttpRouting.builder(), answers, complete);

        Map<String, Handler> missing = new HashMap<>(complete);
        missing.remove("getSms");
        assertThatThrownBy(() -> Operations.contract().route(HttpRouting.builder(), answers, missing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[getSms]");

        Map<String, Handler> extra = new HashMap<>(complete);
        extra.put("deleteSms", handler);
        assertThatThrownBy(() -> Operations.contract().route(HttpRouting.builder(), answers, extra))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[deleteSms]");
    }

    @Test
    void aContractWithoutOperationIdsOrWithTwiceTheSameIsRefused() {
        assertThatThrownBy(() -> Operations.parse("""
                openapi: 3.0.3
                servers: [{url: "https://h/api/v1"}]
                paths:
                  /a: {get: {responses: {'200': {description: ok}}}}
                """)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Operations.parse("""
                openapi: 3.0.3
                servers: [{url: "https://h/api/v1"}]
                paths:
                  /a: {get: {operationId: x}}
                  /b: {get: {operationId: x}}
                """)).isInstanceOf(IllegalStateException.class);
        assertThat(Operations.parse("""
                openapi: 3.0.3
                servers: [{url: "https://h/v2/"}]
                paths:
                  /items/{id}: {get: {operationId: one}}
                  /items/new: {get: {operationId: form}}
                """).operationId(Method.GET, "/v2/items/new")).contains("form");
    }
}
