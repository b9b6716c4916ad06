package io.hookpoint.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a client sees of the server's TLS: HSTS, a certificate swapped without a restart, and that a
 * certificate for another host, or from a CA the client does not trust, is refused by the client.
 */
class TransportSecurityTest {

    @Test
    void aNewCertificateIsServedWithoutARestart(@TempDir Path dir) throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.tls.reload", "PT0.2S"))) {
            WebServer server = hookpoint.start();
            Path certificate = hookpoint.certificate();
            Path key = certificate.resolveSibling("key.pem");
            DevelopmentCertificate.PemFiles next = DevelopmentCertificate.create(
                    new DevelopmentCertificate.PemFiles(dir.resolve("next-cert.pem"), dir.resolve("next-key.pem")),
                    "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
            Path both = dir.resolve("trust.pem");
            Files.writeString(both, Files.readString(certificate) + Files.readString(next.certificate()));
            BigInteger before = served(server.port(), both).getSerialNumber();

            Files.copy(next.key(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(next.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
            BigInteger expected = ServerTls.readCertificates(next.certificate()).getFirst().getSerialNumber();
            BigInteger after = before;
            for (int i = 0; i < 100 && !after.equals(expected); i++) {
                Thread.sleep(100);
                after = served(server.port(), both).getSerialNumber();
            }

            assertThat(after).isNotEqualTo(before).isEqualTo(expected);
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Test
    void everyAnswerCarriesHsts() {
        try (TestHookpoint hookpoint = TestHookpoint.create()) {
            WebServer server = hookpoint.start();
            assertThat(hookpoint.client(server.port()).anonymous().get("/observe/health/live")
                    .header("Strict-Transport-Security")).contains("max-age=31536000");
            assertThat(hookpoint.client(server.port()).get("/api/v1/auth/check")
                    .header("Strict-Transport-Security")).contains("max-age=31536000");
        }
    }

    @Test
    void aCertificateForAnotherHostOrFromAnUnknownCaIsRefusedByTheClient(@TempDir Path dir) throws Exception {
        DevelopmentCertificate.PemFiles other = DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(dir.resolve("other-cert.pem"), dir.resolve("other-key.pem")),
                "other.example", List.of("other.example"), List.of(), Duration.ofDays(1));
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of(
                "hookpoint.tls.cert", other.certificate().toString(),
                "hookpoint.tls.key", other.key().toString()))) {
            WebServer server = hookpoint.start();
            URI uri = URI.create("https://localhost:" + server.port() + "/observe/health/live");

            HttpClient trustingButStrict = HttpClient.newBuilder()
                    .sslContext(HttpsClient.trusting(other.certificate())).build();
            assertThatThrownBy(() -> trustingButStrict.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("No subject alternative DNS name matching localhost");

            DevelopmentCertificate.PemFiles unrelated = DevelopmentCertificate.create(
                    new DevelopmentCertificate.PemFiles(dir.resolve("ca.pem"), dir.resolve("ca-key.pem")),
                    "localhost", List.of("localhost"), List.of(), Duration.ofDays(1));
            HttpClient otherTrust = HttpClient.newBuilder().sslContext(HttpsClient.trusting(unrelated.certificate())).build();
            assertThatThrownBy(() -> otherTrust.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    private static X509Certificate served(int port, Path trust) throws IOException {
        try (SSLSocket socket = (SSLSocket) HttpsClient.trusting(trust).getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
