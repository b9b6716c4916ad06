package io.hookpoint.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.hookpoint.Hookpoint;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain-HTTP listener exists only when configured, and then serves the same routes with the same auth. */
class PlainHttpListenerTest {

    @Test
    void thereIsNoPlainListenerUnlessConfigured() {
        try (TestHookpoint hookpoint = TestHookpoint.create()) {
            WebServer server = hookpoint.start();
            assertThat(server.port(Hookpoint.PLAIN_SOCKET)).isLessThan(0);
        }
    }

    @Test
    void aConfiguredPlainListenerServesTheApiWithTheSameAuthentication() throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.http.port", "0"))) {
            WebServer server = hookpoint.start();
            int plain = server.port(Hookpoint.PLAIN_SOCKET);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI check = URI.create("http://localhost:" + plain + "/api/v1/auth/check");
            String credentials = Base64.getEncoder().encodeToString(
                    (TestHookpoint.USER + ":" + TestHookpoint.PASSWORD).getBytes(StandardCharsets.UTF_8));

            // each answer checked against the contract, like the HTTPS client's
            Reply anonymous = Reply.checked(client.send(HttpRequest.newBuilder(check).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
            Reply authenticated = Reply.checked(client.send(HttpRequest.newBuilder(check)
                    .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofByteArray()));
            Reply sent = Reply.checked(client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + plain
                            + "/api/v1/sms")).header("Authorization", "Basic " + credentials)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "plain-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+420777123456\",\"text\":\"Plain\"}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));

            assertThat(plain).isPositive().isNotEqualTo(server.port());
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(authenticated.status()).isEqualTo(200);
            assertThat(sent.status()).isEqualTo(200);
            assertThat(sent.success()).isTrue();
            assertThat(hookpoint.client(server.port()).get("/api/v1/auth/check").status()).isEqualTo(200);
        }
    }
}
