package io.hookpoint.web;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import io.hookpoint.testing.Contract;
import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.RawHttp;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests written byte by byte on a TLS socket, each with the answer the status policy
 * gives it; after each one the server still answers a normal request.
 */
class HostileInputTest extends HookpointServerTest {
    private static final String AUTH = "Authorization: Basic " + Base64.getEncoder().encodeToString(
            (TestHookpoint.USER + ":" + TestHookpoint.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    private final int port;

    HostileInputTest(WebServer server) {
        super(server);
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of("hookpoint.body.limit", "4096"));
    }


    static Stream<Arguments> requests() {
        String deep = "[".repeat(1_900) + "]".repeat(1_900);
        String body = "{\"to\":\"+420777123456\",\"text\":\"Hi\"}";
        return Stream.of(
                Arguments.of("truncated JSON", post("k1", "{\"to\":\"+4207", -1), "400"),
                Arguments.of("deep nesting", post("k2", deep, -1), "400"),
                Arguments.of("huge number", post("k3", "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"customer_id\":1"
                        + "0".repeat(3_000) + "}", -1), "400"),
                Arguments.of("huge exponent", post("k4", "{\"to\":\"+420777123456\",\"text\":\"Hi\",\"customer_id\":1e999999999}",
                        -1), "200"),
                Arguments.of("raw NUL byte in a string", post("k5", "{\"to\":\"+420777123456\",\"text\":\"a\u0000b\"}", -1), "400"),
                Arguments.of("invalid UTF-8", bytes("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "Idempotency-Key: k6\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n",
                        new byte[] {'{', '"', 't', 'o', '"', ':', '"', (byte) 0xC0, '}'}), "400"),
                Arguments.of("enormous header", raw("GET /api/v1/auth/check HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "X-Big: " + "a".repeat(40_000) + "\r\nConnection: close\r\n\r\n"), "4xx"),
                Arguments.of("many headers", raw("GET /api/v1/auth/check HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "X-H: 1\r\n".repeat(3_000) + "Connection: close\r\n\r\n"), "4xx"),
                Arguments.of("bare CR in the idempotency key", post("a\rb", body, -1), "400"),
                Arguments.of("non-ASCII idempotency key", bytes("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "Idempotency-Key: ", new byte[] {(byte) 0xC3, (byte) 0xA9}, ("\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1)), "400"),
                Arguments.of("chunked body over the limit", raw("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "Idempotency-Key: k7\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n" + "1000\r\n" + "a".repeat(4096) + "\r\n1000\r\n" + "a".repeat(4096)
                        + "\r\n0\r\n\r\n"), "413"),
                Arguments.of("unknown method", raw("BREW /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "Connection: close\r\n\r\n"), "4xx"),
                Arguments.of("TRACE", raw("TRACE /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n"),
                        "405"),
                Arguments.of("dot segments around the auth prefix", raw("GET /api/../api/v1/auth/check HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n"), "not 2xx"),
                Arguments.of("double slash before the auth prefix", raw("GET //api/v1/auth/check HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n"), "not 2xx"),
                Arguments.of("encoded dot segments", raw("GET /api/v1/sms/%2e%2e/auth/check HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n"), "not 2xx"),
                Arguments.of("encoded slash", raw("GET /api%2Fv1%2Fauth%2Fcheck HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n"), "not 2xx"),
                Arguments.of("upper-case prefix", raw("GET /API/v1/auth/check HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n"), "not 2xx"),
                Arguments.of("Content-Length and Transfer-Encoding", raw("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "Idempotency-Key: k8\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /api/v1/auth/check HTTP/1.1\r\n"
                        + "Host: x\r\n\r\n"), "not 2xx"),
                Arguments.of("two different Content-Lengths", raw("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "Idempotency-Key: k9\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\n" + body), "4xx"),
                Arguments.of("no Host header", raw("GET /api/v1/auth/check HTTP/1.1\r\n" + AUTH + "Connection: close\r\n\r\n"),
                        "4xx"),
                Arguments.of("garbage request line", raw("\u0001\u0002 nonsense\r\n\r\n"), "4xx or closed"),
                // Helidon 4 speaks HTTP/1.1 and 2 only; Bloomreach sends HTTP/1.1
                Arguments.of("HTTP/1.0", raw("GET /api/v1/auth/check HTTP/1.0\r\n" + AUTH + "\r\n"), "505 or closed"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("requests")
    void eachHostileRequestGetsItsAnswer(String situation, byte[] request, String expected) throws IOException {
        byte[] bytes = exchange(request);
        // the whole answer, checked against the contract when the request names a declared operation
        Optional<Reply> answer = RawHttp.checked(request, bytes);
        int status = answer.map(Reply::status).orElse(0);
        String statusLine = answer.map(reply -> status + " " + reply.text()).orElse("no answer");

        switch (expected) {
        case "4xx" -> assertThat(status).as(situation + ": " + statusLine).isBetween(400, 499);
        case "4xx or closed" -> assertThat(status == 0 || status >= 400 && status < 500)
                .as(situation + ": " + statusLine).isTrue();
        case "505 or closed" -> assertThat(status == 0 || status == 505).as(situation + ": " + statusLine).isTrue();
        case "not 2xx" -> assertThat(status >= 200 && status < 300).as(situation + ": " + statusLine).isFalse();
        default -> assertThat(status).as(situation + ": " + statusLine).isEqualTo(Integer.parseInt(expected));
        }
        assertThat(status).as("never an accidental 500").isNotEqualTo(500);
    }

    @AfterEach
    void theServerStillAnswers() {
        HttpsClient client = hookpoint.client(port);
        assertThat(client.get("/api/v1/auth/check").status()).isEqualTo(200);
    }

    private static byte[] post(String key, String body, int contentLength) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int length = contentLength < 0 ? bytes.length : contentLength;
        byte[] head = ("POST /api/v1/sms HTTP/1.1\r\nHost: x\r\n" + AUTH + "Idempotency-Key: " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        return bytes(head, contentLength < 0 || contentLength >= bytes.length ? bytes
                : java.util.Arrays.copyOf(bytes, Math.min(bytes.length, contentLength)));
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String head, byte[] rest) {
        return bytes(raw(head), rest);
    }

    private static byte[] bytes(String head, byte[] middle, byte[] tail) {
        return bytes(bytes(raw(head), middle), tail);
    }

    private static byte[] bytes(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private byte[] exchange(byte[] request) throws IOException {
        try (SSLSocket socket = (SSLSocket) HttpsClient.trusting(hookpoint.certificate()).getSocketFactory()
                .createSocket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (SocketException e) {
                // the server may answer and close before it read everything
            }
            return RawHttp.readAnswer(socket.getInputStream());
        }
    }
}
