package io.hookpoint.lab;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import io.hookpoint.tls.DevelopmentCertificate;
import io.hookpoint.tls.SslContexts;

/** Certificates of the lab's servers (Hookpoint and the stubs), and clients that trust exactly one of them. */
final class LabTls {
    private LabTls() {
    }

    /**
     * Lets the JDK's HTTP server (the stubs) keep every idle connection for two minutes. Why: by default it
     * keeps 200 and closes the rest as they go idle; Hookpoint, with up to 512 calls in flight, then reuses a
     * connection the stub has closed, its POST fails with "header parser received no bytes", and a taken
     * message looks like a lost answer (hundreds per 20,000 customers), each later connection a new TLS
     * handshake. Read once, when the first server is made; a value set on the command line wins.
     */
    static void keepIdleConnections() {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "5000");
        }
        // longer than the clients' 30 s keep-alive, so the client, not the server, closes an idle connection
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
            System.setProperty("sun.net.httpserver.idleInterval", "120");
        }
    }

    /**
     * A new certificate for localhost and 127.0.0.1 in a directory.
     *
     * @param directory where the two PEM files go
     * @return the files
     */
    static DevelopmentCertificate.PemFiles certificate(Path directory) {
        return DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(directory.resolve("cert.pem"), directory.resolve("key.pem")),
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
    }

    /**
     * A server context from PEM files.
     *
     * @param pem the certificate and key
     * @return the context
     */
    static SSLContext server(DevelopmentCertificate.PemFiles pem) {
        try {
            return SslContexts.server(pem.certificate(), pem.key());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the lab's TLS", e);
        }
    }

    /**
     * An HTTP/1.1 client that trusts only the given certificate (host names checked).
     *
     * @param certificate the PEM certificate to trust
     * @param timeout     connect timeout
     * @return the client
     */
    static HttpClient client(Path certificate, Duration timeout) {
        try {
            return HttpClient.newBuilder().sslContext(SslContexts.trusting(certificate))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certificate, e);
        }
    }
}
