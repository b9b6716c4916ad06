package io.hookpoint.optout;

import java.util.List;

import io.hookpoint.client.ApiClient;
import io.hookpoint.client.ApiException;
import io.hookpoint.client.api.AdminApi;
import io.hookpoint.client.model.Suppression;
import io.hookpoint.client.model.SuppressionPage;
import io.hookpoint.client.model.SuppressionRequest;
import io.hookpoint.client.model.SuppressionResult;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Sdk;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The operators' admin API through the generated SDK (every answer checked against the contract): an admin
 * lists, adds and removes numbers, and the list is what sending obeys; Bloomreach's credentials (a sender's)
 * get 403 with 3003 on every operation.
 */
class SuppressionsAdminTest {
    private static TestHookpoint hookpoint;
    private static WebServer server;

    @BeforeAll
    static void start() {
        hookpoint = TestHookpoint.create(OptOutTesting.config());
        server = hookpoint.start();
    }

    @AfterAll
    static void stop() {
        hookpoint.close();
    }

    private static AdminApi admin(String user, String password) {
        ApiClient client = Sdk.adminClient(server.port(), hookpoint.certificate(), user, password);
        return new AdminApi(client);
    }

    @Test
    void theSenderRoleIsRefusedEveryOperation() {
        AdminApi bloomreach = admin(TestHookpoint.USER, TestHookpoint.PASSWORD);

        List<ApiException> refusals = List.of(
                catchThrowableOfType(ApiException.class, () -> bloomreach.listSuppressions(null, null)),
                catchThrowableOfType(ApiException.class,
                        () -> bloomreach.addSuppression(new SuppressionRequest().number("+420777600009"))),
                catchThrowableOfType(ApiException.class, () -> bloomreach.removeSuppression("+420777600009")));

        assertThat(refusals).allSatisfy(e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getResponseBody()).contains("\"code\":3003");
        });
        HttpsClient client = hookpoint.client(server.port());
        assertThat(OptOutTesting.suppressed(client)).doesNotContain("+420777600009");
        // and without credentials it is a 401, as everywhere
        assertThat(client.anonymous().get("/admin/v1/suppressions").status()).isEqualTo(401);
    }

    @Test
    void anAdminListsAddsAndRemovesAndSendingObeys() throws Exception {
        AdminApi admin = admin(TestHookpoint.ADMIN, TestHookpoint.ADMIN_PASSWORD);
        HttpsClient client = hookpoint.client(server.port());

        SuppressionResult added = admin.addSuppression(new SuppressionRequest().number("+420 777 600 001"));
        SuppressionResult again = admin.addSuppression(new SuppressionRequest().number("+420777600001"));
        admin.addSuppression(new SuppressionRequest().number("+420777600002"));
        admin.addSuppression(new SuppressionRequest().number("00420777600003"));

        assertThat(added.getResult().getNumber()).isEqualTo("+420777600001");
        assertThat(added.getResult().getChanged()).isTrue();
        assertThat(added.getResult().getSuppressed()).isTrue();
        assertThat(added.getResult().getSource().getValue()).isEqualTo("admin");
        assertThat(again.getResult().getChanged()).isFalse();
        assertThat(OptOutTesting.send(client, "+420777600001").errorCodes()).containsExactly(1012);

        SuppressionPage first = admin.listSuppressions(null, 2);
        SuppressionPage second = admin.listSuppressions(first.getResult().getNext(), 2);
        List<String> numbers = new java.util.ArrayList<>(first.getResult().getSuppressions().stream()
                .map(Suppression::getNumber).toList());
        numbers.addAll(second.getResult().getSuppressions().stream().map(Suppression::getNumber).toList());
        assertThat(numbers).containsSubsequence("+420777600001", "+420777600002", "+420777600003");
        assertThat(first.getResult().getNext()).isNotNull();

        SuppressionResult removed = admin.removeSuppression("+420777600001");
        SuppressionResult notThere = admin.removeSuppression("+420777600099");
        ApiException notANumber = catchThrowableOfType(ApiException.class,
                () -> admin.addSuppression(new SuppressionRequest().number("not a number")));

        assertThat(removed.getResult().getChanged()).isTrue();
        assertThat(removed.getResult().getSuppressed()).isFalse();
        assertThat(notThere.getResult().getChanged()).isFalse();
        assertThat(notANumber.getCode()).isEqualTo(400);
        assertThat(OptOutTesting.send(client, "+420777600001").success()).isTrue();
        assertThat(OptOutTesting.suppressed(client)).doesNotContain("+420777600001").contains("+420777600002");
    }
}
