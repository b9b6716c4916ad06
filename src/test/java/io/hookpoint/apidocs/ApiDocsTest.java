package io.hookpoint.apidocs;

import java.nio.file.Files;
import java.util.Map;

import io.hookpoint.testing.Contract;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The running service serves its contract and a docs page, without credentials. */
class ApiDocsTest extends HookpointServerTest {
    private final HttpsClient anonymous;

    ApiDocsTest(WebServer server) {
        super(server);
        this.anonymous = client.anonymous();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }


    @Test
    void theContractIsServedAsBuilt() throws Exception {
        Reply reply = anonymous.get("/openapi");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("yaml"));
        assertThat(reply.body()).isEqualTo(Files.readAllBytes(Contract.FILE));
    }

    @Test
    void theDocsPageIsServedFromTheJarAndShowsTheContract() {
        Reply page = anonymous.get("/docs/");
        Reply initializer = anonymous.get("/docs/swagger-initializer.js");
        Reply bundle = anonymous.get("/docs/swagger-ui-bundle.js");
        Reply bare = anonymous.send("GET", "/docs", Map.of(), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("swagger-ui");
        assertThat(initializer.text()).contains("url: \"/openapi\"");
        assertThat(bundle.status()).isEqualTo(200);
        // the JDK client follows no redirects by default
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.header("Location")).contains("/docs/");
    }

    @Test
    void theApiStillNeedsCredentials() {
        assertThat(anonymous.get("/api/v1/auth/check").status()).isEqualTo(401);
    }
}
