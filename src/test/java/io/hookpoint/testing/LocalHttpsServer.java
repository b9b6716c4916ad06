package io.hookpoint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import io.hookpoint.tls.DevelopmentCertificate;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTPS server on localhost for a stub of an outside system (a provider's API, Bloomreach's Tracking
 * API, a webhook endpoint): a certificate made for it, a free port, a virtual thread per exchange.
 */
public final class LocalHttpsServer implements AutoCloseable {
    private final HttpsServer server;
    private final Path certificate;

    private LocalHttpsServer(HttpsServer server, Path certificate) {
        this.server = server;
        this.certificate = certificate;
    }

    /**
     * Starts a server.
     *
     * @param name     what it stands for (the name of its certificate's directory)
     * @param contexts path prefix -> handler
     * @return the running server
     */
    public static LocalHttpsServer start(String name, Map<String, HttpHandler> contexts) {
        try {
            Path directory = Files.createTempDirectory(name);
            DevelopmentCertificate.PemFiles pem = DevelopmentCertificate.create(
                    new DevelopmentCertificate.PemFiles(directory.resolve("cert.pem"), directory.resolve("key.pem")),
                    "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.setHttpsConfigurator(new HttpsConfigurator(WebhookEndpointStub.serverContext(pem)));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            contexts.forEach(server::createContext);
            server.start();
            return new LocalHttpsServer(server, pem.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Its base URL, {@code https://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + port());
    }

    /** The PEM certificate a client must trust. */
    public Path certificate() {
        return certificate;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
