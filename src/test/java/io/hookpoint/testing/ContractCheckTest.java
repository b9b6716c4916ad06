package io.hookpoint.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.hookpoint.client.ApiClient;
import io.hookpoint.client.ApiException;
import io.hookpoint.client.api.SmsApi;
import io.hookpoint.client.model.SendSmsRequest;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract check every test client runs is not a no-op: a wrong answer fed to it, directly, as raw
 * socket bytes and through the SDK's checking HTTP client, is rejected, and a right one is let through.
 */
class ContractCheckTest {
    private static final String ERROR_BODY = "{\"success\":false,\"errors\":[{\"code\":2010,"
            + "\"description\":\"Malformed HTTP request.\"}]}";
    private static final Map<String, List<String>> JSON = Map.of("content-type", List.of("application/json"));

    @Test
    void aWrongAnswerIsRejectedAndARightOneAccepted() {
        Reply right = new Reply(400, JSON, ERROR_BODY.getBytes(StandardCharsets.UTF_8));
        Reply wrongBody = new Reply(400, JSON, "{\"success\":\"no\"}".getBytes(StandardCharsets.UTF_8));
        Reply wrongStatus = new Reply(418, JSON, ERROR_BODY.getBytes(StandardCharsets.UTF_8));

        assertThatCode(() -> Contract.assertMatches("POST", "/api/v1/sms", right)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Contract.assertMatches("POST", "/api/v1/sms", wrongBody))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not match openapi.yaml");
        assertThatThrownBy(() -> Contract.assertMatches("POST", "/api/v1/sms", wrongStatus))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418");
    }

    @Test
    void aWrongRawAnswerIsRejected() {
        byte[] request = "POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String wrong = "{\"success\":\"no\"}";
        byte[] chunked = (head + Integer.toHexString(wrong.length()) + "\r\n" + wrong + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] right = ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                + ERROR_BODY.length() + "\r\n\r\n" + ERROR_BODY).getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> RawHttp.checked(request, chunked)).isInstanceOf(AssertionError.class);
        assertThat(RawHttp.checked(request, right)).hasValueSatisfying(r -> assertThat(r.text()).isEqualTo(ERROR_BODY));
    }

    @Test
    void theSdksClientRejectsAWrongAnswerAndHandsOnARightOne() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean wrong = exchange.getRequestHeaders().getFirst("Idempotency-Key").equals("wrong");
            byte[] body = (wrong ? "{\"success\":\"no\"}" : ERROR_BODY).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ApiClient client = new ApiClient(ContractCheckingHttpClient.wrap(HttpClient.newBuilder()),
                    ApiClient.createDefaultObjectMapper(), "http://localhost:" + server.getAddress().getPort() + "/api/v1");
            SendSmsRequest request = new SendSmsRequest().to("+420777123456").text("Hi");

            assertThatThrownBy(() -> new SmsApi(client).sendSms("wrong", request))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("does not match openapi.yaml");
            // a right answer reaches the SDK whole: it reads the status and the body
            assertThatThrownBy(() -> new SmsApi(client).sendSms("right", request))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(400);
                        assertThat(e.getResponseBody()).isEqualTo(ERROR_BODY);
                    });
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theRecorderInFrontOfTheSimulatorRecordsAWrongAnswerAndPassesItOn() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"success\":\"no\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (ContractCheckingProxy proxy = ContractCheckingProxy.plain(server.getAddress().getPort());
             java.net.Socket socket = new java.net.Socket("localhost", proxy.port())) {
            socket.setSoTimeout(10_000);
            byte[] request = ("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: k\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            Reply passedOn = RawHttp.parse(RawHttp.readAnswer(socket.getInputStream())).orElseThrow();

            assertThat(passedOn.status()).isEqualTo(200);
            assertThat(passedOn.text()).isEqualTo("{\"success\":\"no\"}");
            assertThat(proxy.answers()).isEqualTo(1);
            assertThat(proxy.violations()).singleElement().asString().contains("does not match openapi.yaml");
        } finally {
            server.stop(0);
        }
    }
}
