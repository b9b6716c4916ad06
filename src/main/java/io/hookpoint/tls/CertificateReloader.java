package io.hookpoint.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;

/**
 * Watches the certificate and key files and swaps the server's TLS when they change, without a
 * restart: new connections get the new certificate, open ones keep theirs. A pair that does not load
 * (a half-written file, a key that does not match) is logged and tried again at the next check.
 */
public final class CertificateReloader implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(CertificateReloader.class.getName());

    private final Path certificate;
    private final Path key;
    private final WebServer server;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tls-reloader").factory());
    private String loaded;

    /**
     * Watches the configured certificate, when there is one to watch (not the development one) and a
     * reload interval.
     *
     * @param settings the TLS settings
     * @param server   the running server
     * @return the watcher, or empty
     */
    public static java.util.Optional<CertificateReloader> watch(TlsSettings settings, WebServer server) {
        if (settings.certificate().isEmpty() || !settings.reload().isPositive()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new CertificateReloader(settings.certificate().get(),
                settings.key().orElseThrow(), server, settings.reload()));
    }

    /**
     * Starts watching.
     *
     * @param certificate the PEM certificate chain
     * @param key         the PEM key
     * @param server      the server whose TLS to swap
     * @param interval    how often to look at the files
     */
    public CertificateReloader(Path certificate, Path key, WebServer server, Duration interval) {
        this.certificate = certificate;
        this.key = key;
        this.server = server;
        this.loaded = stamp();
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        String now = stamp();
        if (Objects.equals(now, loaded)) {
            return;
        }
        try {
            server.reloadTls(ServerTls.load(certificate, key));
            loaded = now;
            LOGGER.log(System.Logger.Level.INFO, "Reloaded the TLS certificate from {0}", certificate);
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "The changed TLS files do not load yet; keeping the current"
                    + " certificate: " + e.getMessage());
        }
    }

    // modification times and sizes of both files: a change of either is a change
    private String stamp() {
        try {
            FileTime certTime = Files.getLastModifiedTime(certificate);
            FileTime keyTime = Files.getLastModifiedTime(key);
            return certTime.toMillis() + ":" + Files.size(certificate) + ":" + keyTime.toMillis() + ":" + Files.size(key);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
