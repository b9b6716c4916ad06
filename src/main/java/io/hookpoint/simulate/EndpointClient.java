package io.hookpoint.simulate;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Sends requests as Bloomreach does: HTTP/1.1 over kept-alive connections, Basic auth, a timeout,
 * and TLS verified against the JVM's CAs (or the certificates given with {@code --trust-cert}) with
 * the host name checked.
 *
 * <p>A small blocking client of its own (on virtual threads, over {@link Connection} and {@link Http1Wire})
 * rather than Helidon WebClient, because WebClient distorted the latency report it exists to make (p99
 * 1,689 ms against this client's 177 ms on the same campaign, measured in {@code docs/simulator.md},
 * "Why its own HTTP client").
 */
final class EndpointClient implements Transport, AutoCloseable {
    private final SSLContext tls;
    private final Duration timeout;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

    /**
     * One exchange: an answer, or a failure to get one.
     *
     * @param status      the status, or 0 when there was no answer
     * @param contentType the Content-Type, or empty
     * @param body        the body (UTF-8), or empty
     * @param millis      how long it took, connecting included
     * @param failure     why there was no answer ({@code timeout}, {@code connection: ...}), or null
     * @param replayed    whether the answer says it is a stored answer sent again ({@code Idempotent-Replayed: true})
     */
    record Exchange(int status, String contentType, String body, double millis, String failure, boolean replayed) {
        boolean answered() {
            return failure == null;
        }

        boolean timedOut() {
            return "timeout".equals(failure);
        }
    }

    EndpointClient(Optional<Path> trustCert, Duration timeout) throws IOException, GeneralSecurityException {
        this.tls = trustCert.isPresent() ? Connection.trusting(trustCert.get()) : SSLContext.getDefault();
        this.timeout = timeout;
    }

    /**
     * One TLS handshake as the campaign's connections make it (chain trusted, host name checked).
     *
     * @param url an https URL
     * @return the session, of a connection closed again
     * @throws IOException when the connection or the handshake fails
     */
    SSLSession handshake(URI url) throws IOException {
        Connection connection = Connection.open(url, tls, System.nanoTime() + timeout.toNanos());
        try {
            return ((SSLSocket) connection.socket()).getSession();
        } finally {
            closeQuietly(connection);
        }
    }

    /**
     * Sends a POST.
     *
     * @param url            where
     * @param authorization  the Authorization header, or null for none
     * @param idempotencyKey the Idempotency-Key header, or null for none
     * @param body           the JSON body (empty for none)
     * @return the exchange
     */
    @Override
    public Exchange post(URI url, String authorization, String idempotencyKey, String body) {
        byte[] request = Http1Wire.request(url, authorization, idempotencyKey, body);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        ConcurrentLinkedDeque<Connection> pool = pool(url);
        Connection connection = pool.pollFirst();
        boolean reused = connection != null;
        try {
            while (true) {
                if (connection == null) {
                    connection = Connection.open(url, tls, deadline);
                }
                try {
                    Http1Wire.Answer answer = Http1Wire.exchange(connection, request, deadline);
                    if (answer.keepAlive()) {
                        pool.offerFirst(connection);
                    } else {
                        closeQuietly(connection);
                    }
                    connection = null;
                    return new Exchange(answer.status(), answer.contentType(),
                            new String(answer.body(), StandardCharsets.UTF_8), millisSince(started), null, answer.replayed());
                } catch (EOFException | java.net.SocketException e) {
                    // a kept-alive connection the server had closed: once more on a new one, as clients do
                    closeQuietly(connection);
                    connection = null;
                    if (!reused) {
                        throw e;
                    }
                    reused = false;
                }
            }
        } catch (SocketTimeoutException e) {
            closeQuietly(connection);
            return new Exchange(0, "", "", millisSince(started), "timeout", false);
        } catch (IOException e) {
            closeQuietly(connection);
            return new Exchange(0, "", "", millisSince(started), "connection: " + e, false);
        }
    }

    /**
     * Opens connections ahead of the campaign and keeps them for it, a few at a time, so that the
     * campaign's latencies are those of requests (Bloomreach keeps its connections too) and the
     * handshakes are measured on their own.
     *
     * @param url         the endpoint
     * @param connections how many
     * @return the handshake times in milliseconds (connections that failed are left out)
     * @throws InterruptedException when interrupted
     */
    Latencies open(URI url, int connections) throws InterruptedException {
        Latencies handshakes = new Latencies();
        ConcurrentLinkedDeque<Connection> pool = pool(url);
        java.util.concurrent.Semaphore parallel = new java.util.concurrent.Semaphore(8);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                parallel.acquire();
                threads.submit(() -> {
                    try {
                        long started = System.nanoTime();
                        Connection connection = Connection.open(url, tls, started + timeout.toNanos());
                        handshakes.add(millisSince(started));
                        pool.offerFirst(connection);
                    } catch (IOException e) {
                        // the campaign's requests will meet the same problem and report it
                    } finally {
                        parallel.release();
                    }
                });
            }
        }
        return handshakes;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // the idle connections to the URL's origin (scheme, host and port)
    private ConcurrentLinkedDeque<Connection> pool(URI url) {
        String origin = url.getScheme() + "://" + url.getHost() + ":" + Connection.port(url);
        return idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
    }

    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1e6;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            connection.closeQuietly();
        }
    }

    @Override
    public void close() {
        idle.values().forEach(pool -> {
            for (Connection c = pool.pollFirst(); c != null; c = pool.pollFirst()) {
                closeQuietly(c);
            }
        });
    }
}
