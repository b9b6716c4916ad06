package io.hookpoint.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.hookpoint.testing.HookpointServerTest;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.RawHttp;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The listener speaks TLS 1.2 and 1.3 only. The test JVM allows TLS 1.0/1.1 on the client side
 * (see {@code legacy-tls-allowed.security}), so a refusal can only come from the server.
 */
class TlsTest extends HookpointServerTest {
    private final int port;

    TlsTest(WebServer server) {
        super(server);
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        setUp(builder, Map.of());
    }


    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void modernProtocolsAreAccepted(String protocol) throws IOException {
        try (SSLSocket socket = socket(protocol)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(socket.getSession().getCipherSuite()).isIn(ServerTls.CIPHER_SUITES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.1", "TLSv1"})
    void legacyProtocolsAreRefusedByTheServer(String protocol) throws IOException {
        try (SSLSocket socket = socket(protocol)) {
            // the client really offers it: the JVM's own rules do not forbid it in this test
            assertThat(socket.getEnabledProtocols()).containsExactly(protocol);
            assertThatThrownBy(socket::startHandshake)
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("protocol_version");
        }
    }

    @Test
    void plainHttpToTheHttpsPortGetsNo200() throws IOException {
        byte[] request = ("GET /api/v1/auth/check HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic Ymxvb21yZWFjaDpjb3JyZWN0IGhvcnNlIGJhdHRlcnkgc3RhcGxl\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        String answer;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            answer = readWhatComes(socket.getInputStream());
        }
        assertThat(answer).doesNotContain("200 OK").doesNotStartWith("HTTP/1.1 2");
        // if what came is HTTP at all, it is an answer the contract allows
        RawHttp.checked(request, answer.getBytes(StandardCharsets.ISO_8859_1));
    }

    private SSLSocket socket(String protocol) throws IOException {
        SSLContext context = HttpsClient.trusting(hookpoint.certificate());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(5_000);
        socket.setEnabledProtocols(new String[] {protocol});
        return socket;
    }

    private static String readWhatComes(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // the server may just close or reset the connection: that is an answer too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
