package io.hookpoint.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLServerSocket;

import io.hookpoint.tls.ServerTls;

/**
 * A TLS-terminating recorder between the simulator and a server: it presents the server's own
 * certificate, forwards each HTTP/1.1 request unchanged, checks the answer against {@code openapi.yaml}
 * (the same check as {@link HttpsClient}'s) and hands it back unchanged. Violations are collected, not
 * thrown, so the simulated campaign runs to its end; the test asserts there were none.
 */
public final class ContractCheckingProxy implements AutoCloseable {
    // hop-by-hop or set by the JDK client itself
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "host", "expect",
            "upgrade", "transfer-encoding", "keep-alive");
    private final ServerSocket server;
    private final URI upstream;
    private final HttpClient client;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();

    private ContractCheckingProxy(ServerSocket server, URI upstream, HttpClient client) {
        this.server = server;
        this.upstream = upstream;
        this.client = client;
        Thread.ofPlatform().daemon().name("contract-proxy").start(this::accept);
    }

    /**
     * A TLS recorder in front of an HTTPS server.
     *
     * @param port        the server's port on localhost
     * @param certificate the server's certificate (presented by the recorder too, and trusted upstream)
     * @param key         its private key
     * @return the running recorder
     * @throws IOException when the socket cannot be opened
     */
    public static ContractCheckingProxy tls(int port, Path certificate, Path key) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) ServerTls.load(certificate, key).sslContext()
                .getServerSocketFactory().createServerSocket(0, 200, InetAddress.getLoopbackAddress());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(HttpsClient.trusting(certificate)).connectTimeout(Duration.ofSeconds(10)).build();
        return new ContractCheckingProxy(socket, URI.create("https://localhost:" + port), client);
    }

    /**
     * A plain recorder in front of a plain-HTTP server (to show the recorder rejects a wrong answer).
     *
     * @param port the server's port on localhost
     * @return the running recorder
     * @throws IOException when the socket cannot be opened
     */
    public static ContractCheckingProxy plain(int port) throws IOException {
        return new ContractCheckingProxy(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()),
                URI.create("http://localhost:" + port), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    /** The recorder's port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Answers that broke the contract, each with its request and what was wrong. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many answers of declared operations and others passed through. */
    public int answers() {
        return checked.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                List<String> lines = head.lines().toList();
                String[] requestLine = lines.getFirst().split(" ");
                HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(requestLine[1]))
                        .timeout(Duration.ofSeconds(30));
                int length = 0;
                boolean close = false;
                for (String line : lines.subList(1, lines.size())) {
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    switch (name.toLowerCase(Locale.ROOT)) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "transfer-encoding" -> throw new IOException("the recorder reads Content-Length bodies only");
                    default -> {
                    }
                    }
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                        request.header(name, value);
                    }
                }
                byte[] body = in.readNBytes(length);
                request.method(requestLine[0], length == 0 && !requestLine[0].equals("POST")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                check(response);
                write(out, response);
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the simulator closed or reset the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(HttpResponse<byte[]> response) {
        checked.incrementAndGet();
        try {
            Reply.checked(response);
        } catch (AssertionError e) {
            violations.add(e.getMessage());
        }
    }

    private static void write(OutputStream out, HttpResponse<byte[]> response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.statusCode()).append(" -\r\n");
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        head.append("Content-Length: ").append(response.body().length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
    }

    // the request line and headers, or null at the end of the connection
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            head.write(c);
            matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1).strip();
            }
        }
        return null;
    }
}
