package io.hookpoint.simulate;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.hookpoint.tls.ServerTls;

/**
 * Sends requests as Bloomreach does: HTTP/1.1 over kept-alive connections, Basic auth, a timeout,
 * and TLS verified against the JVM's CAs (or the certificates given with {@code --trust-cert}) with
 * the host name checked.
 *
 * <p>A small blocking client on virtual threads rather than {@code java.net.http.HttpClient}: the
 * simulator usually shares the machine with the endpoint it measures, and the JDK client's own work
 * (one selector thread for all connections) showed up as hundreds of milliseconds of latency at 200
 * connections that the endpoint did not cause.
 */
final class EndpointClient implements Transport, AutoCloseable {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

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

    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    private record Answer(int status, String contentType, byte[] body, boolean keepAlive, boolean replayed) {
    }

    EndpointClient(Optional<Path> trustCert, Duration timeout) throws IOException, GeneralSecurityException {
        this.tls = trustCert.isPresent() ? trusting(trustCert.get()) : SSLContext.getDefault();
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
        Connection connection = connect(url, System.nanoTime() + timeout.toNanos());
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
        byte[] request = request(url, authorization, idempotencyKey, body);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String origin = url.getScheme() + "://" + url.getHost() + ":" + port(url);
        ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
        Connection connection = pool.pollFirst();
        boolean reused = connection != null;
        try {
            while (true) {
                if (connection == null) {
                    connection = connect(url, deadline);
                }
                try {
                    Answer answer = exchange(connection, request, deadline);
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
        String origin = url.getScheme() + "://" + url.getHost() + ":" + port(url);
        ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
        java.util.concurrent.Semaphore parallel = new java.util.concurrent.Semaphore(8);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                parallel.acquire();
                threads.submit(() -> {
                    try {
                        long started = System.nanoTime();
                        Connection connection = connect(url, started + timeout.toNanos());
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

    private static byte[] request(URI url, String authorization, String idempotencyKey, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(url.getPort() == -1 ? "" : ":" + url.getPort()).append("\r\n")
                .append("User-Agent: hookpoint-simulate\r\n")
                .append("Accept: application/json\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        if (content.length > 0) {
            head.append("Content-Type: application/json\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (idempotencyKey != null) {
            head.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    private Connection connect(URI url, long deadline) throws IOException {
        int port = port(url);
        Socket socket;
        if (url.getScheme().equals("https")) {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket();
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!Character.isDigit(url.getHost().charAt(0)) && !url.getHost().contains(":")) {
                parameters.setServerNames(List.of(new SNIHostName(url.getHost())));
            }
            ssl.setSSLParameters(parameters);
            socket = ssl;
        } else {
            socket = new Socket();
        }
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), port), remainingMillis(deadline));
            if (socket instanceof SSLSocket ssl) {
                socket.setSoTimeout(remainingMillis(deadline));
                ssl.startHandshake();
            }
            return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 16 * 1024),
                    socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Answer exchange(Connection connection, byte[] request, long deadline) throws IOException {
        connection.socket().setSoTimeout(remainingMillis(deadline));
        connection.out().write(request);
        connection.out().flush();
        InputStream in = connection.in();
        String statusLine = line(in, deadline, connection);
        if (statusLine == null) {
            throw new EOFException("connection closed before an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line: " + statusLine);
        }
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        String contentType = "";
        boolean replayed = false;
        int headerBytes = 0;
        for (String header = line(in, deadline, connection); header != null && !header.isEmpty();
             header = line(in, deadline, connection)) {
            headerBytes += header.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("answer headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
            case "content-length" -> length = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "connection" -> close = close || value.equalsIgnoreCase("close");
            case "content-type" -> contentType = value;
            case "idempotent-replayed" -> replayed = value.equalsIgnoreCase("true");
            default -> {
            }
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (chunked) {
            body = chunkedBody(in, deadline, connection);
        } else if (length >= 0) {
            if (length > MAX_BODY_BYTES) {
                throw new IOException("answer body of " + length + " bytes");
            }
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("answer body shorter than its Content-Length");
            }
        } else {
            body = in.readNBytes(MAX_BODY_BYTES);
            close = true;
        }
        return new Answer(status, contentType, body, !close, replayed);
    }

    private static byte[] chunkedBody(InputStream in, long deadline, Connection connection) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, deadline, connection);
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(in, deadline, connection); trailer != null && !trailer.isEmpty();
                     trailer = line(in, deadline, connection)) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY_BYTES) {
                throw new IOException("answer body larger than " + MAX_BODY_BYTES + " bytes");
            }
            body.write(in.readNBytes(size));
            line(in, deadline, connection);
        }
    }

    // one CRLF-terminated line (ISO-8859-1), or null at the end of the stream
    private static String line(InputStream in, long deadline, Connection connection) throws IOException {
        connection.socket().setSoTimeout(remainingMillis(deadline));
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); ; b = in.read()) {
            if (b == -1) {
                return line.isEmpty() ? null : line.toString();
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("answer line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.append((char) b);
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    }

    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1e6;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.socket().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        List<X509Certificate> certificates;
        try {
            certificates = ServerTls.readCertificates(pem);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
        for (int i = 0; i < certificates.size(); i++) {
            trusted.setCertificateEntry("trusted-" + i, certificates.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
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
