package io.hookpoint.simulate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.hookpoint.tls.SslContexts;

/**
 * One connection to the endpoint, opened as Bloomreach opens it: TCP without Nagle's delay and, for
 * https, TLS verified against the given trust with the host name checked.
 *
 * @param socket the socket (an {@link SSLSocket} for https)
 * @param in     its buffered input
 * @param out    its output
 */
record Connection(Socket socket, InputStream in, OutputStream out) {
    /**
     * Connects, and for https completes the handshake, before the deadline.
     *
     * @param url      the endpoint
     * @param tls      the TLS context for https
     * @param deadline the {@link System#nanoTime()} by which it must be open
     * @return the connection
     * @throws IOException when connecting or the handshake fails, or the deadline passes
     */
    static Connection open(URI url, SSLContext tls, long deadline) throws IOException {
        Socket socket;
        if (url.getScheme().equals("https")) {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket();
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            // SNI takes host names only, not IP literals
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
            socket.connect(new InetSocketAddress(url.getHost(), port(url)), remainingMillis(deadline));
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

    /**
     * A TLS context that trusts only the certificates of a PEM file (for {@code --trust-cert}).
     *
     * @param pem the PEM file
     * @return the context
     * @throws IOException              when the file cannot be read
     * @throws GeneralSecurityException when it holds no usable certificate
     */
    static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        try {
            return SslContexts.trusting(pem);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** The URL's port, or the scheme's default. */
    static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    }

    /**
     * The milliseconds left before a deadline, for a socket timeout.
     *
     * @param deadline a {@link System#nanoTime()}
     * @return at least 1
     * @throws SocketTimeoutException when the deadline has passed
     */
    static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /** Makes the next read give up at the deadline. */
    void readUntil(long deadline) throws SocketTimeoutException, SocketException {
        socket.setSoTimeout(remainingMillis(deadline));
    }

    /** Closes the socket, ignoring a failure to close. */
    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
