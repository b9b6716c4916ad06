package io.hookpoint.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS 1.2 client may not renegotiate (each renegotiation costs the server a full handshake), while
 * ordinary TLS 1.2 requests keep working.
 */
class RenegotiationTest extends HookpointServerTest {
    private static final String REQUEST = "GET /api/v1/auth/check HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Basic " + Base64.getEncoder().encodeToString(
            (TestHookpoint.USER + ":" + TestHookpoint.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n";
    private final int port;

    RenegotiationTest(WebServer server) {
        super(server);
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }

    @Test
    void aTls12RequestWorksButAClientInitiatedRenegotiationIsRefused() throws IOException {
        try (SSLSocket socket = tls12()) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            assertThat(exchange(socket, in)).isEqualTo("HTTP/1.1 200 OK");

            String afterRenegotiation;
            try {
                socket.startHandshake();
                afterRenegotiation = exchange(socket, in);
            } catch (IOException refused) {
                // the server's handshake_failure alert, or the connection it closed
                afterRenegotiation = "refused: " + refused;
            }
            assertThat(afterRenegotiation).as("the answer after a renegotiation").doesNotStartWith("HTTP/1.1 200");
        }
        // the server still serves TLS 1.2 afterwards
        try (SSLSocket socket = tls12()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            assertThat(exchange(socket, in)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    private SSLSocket tls12() throws IOException {
        SSLSocket socket = (SSLSocket) HttpsClient.trusting(hookpoint.certificate()).getSocketFactory()
                .createSocket("localhost", port);
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.setSoTimeout(10_000);
        return socket;
    }

    // one request on the connection; the status line, with the rest of the answer read
    private static String exchange(SSLSocket socket, BufferedReader in) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = in.readLine();
        if (status == null) {
            return "closed";
        }
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        // ISO-8859-1: one char per byte
        for (long left = length; left > 0; left -= in.skip(left)) {
            if (in.read() < 0) {
                break;
            }
            left--;
        }
        return status;
    }
}
