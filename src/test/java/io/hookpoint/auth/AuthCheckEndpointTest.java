package io.hookpoint.auth;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bloomreach's "test credentials" call, as Bloomreach makes it. */
class AuthCheckEndpointTest extends HookpointServerTest {

    AuthCheckEndpointTest(WebServer server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of("hookpoint.body.limit", "2048"));
    }


    @Test
    void validCredentialsAre200WithGetOrPostAndAnyBody() {
        Reply get = client.get("/api/v1/auth/check");
        Reply emptyPost = client.send("POST", "/api/v1/auth/check", Map.of(), new byte[0]);
        Reply postWithBody = client.send("POST", "/api/v1/auth/check", Map.of("Content-Type", "text/plain"),
                "anything at all".getBytes(StandardCharsets.UTF_8));

        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().getJsonObject("result").getString("status")).isEqualTo("authenticated");
        assertThat(emptyPost.status()).isEqualTo(200);
        assertThat(postWithBody.status()).isEqualTo(200);
    }

    @Test
    void invalidCredentialsAre401() {
        assertThat(client.anonymous().get("/api/v1/auth/check").status()).isEqualTo(401);
        assertThat(client.withCredentials(TestHookpoint.USER, "wrong").get("/api/v1/auth/check").status())
                .isEqualTo(401);
        assertThat(client.withCredentials("nobody", TestHookpoint.PASSWORD).send("POST", "/api/v1/auth/check",
                Map.of(), new byte[0]).status()).isEqualTo(401);
    }

    @Test
    void theSecondUserIsValidToo() {
        assertThat(client.withCredentials(TestHookpoint.OTHER_USER, TestHookpoint.OTHER_PASSWORD)
                .get("/api/v1/auth/check").status()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413EvenHere() {
        Reply reply = client.send("POST", "/api/v1/auth/check", Map.of(), new byte[3000]);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCodes()).containsExactly(ErrorCode.BODY_TOO_LARGE.code());
    }
}
