package io.hookpoint.simulate;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 on the wire: writes a POST on a {@link Connection} and reads its answer (Content-Length,
 * chunked or until close), every read bounded by the request's deadline and answers bounded in size.
 */
final class Http1Wire {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /**
     * An answer as read from the wire.
     *
     * @param status      the status
     * @param contentType the Content-Type, or empty
     * @param body        the body
     * @param keepAlive   whether the connection may carry another request
     * @param replayed    whether {@code Idempotent-Replayed: true} came with it
     */
    record Answer(int status, String contentType, byte[] body, boolean keepAlive, boolean replayed) {
    }

    private Http1Wire() {
    }

    /**
     * A POST's bytes, head and body.
     *
     * @param url            where
     * @param authorization  the Authorization header, or null for none
     * @param idempotencyKey the Idempotency-Key header, or null for none
     * @param body           the JSON body (empty for none)
     * @return the request as sent
     */
    static byte[] request(URI url, String authorization, String idempotencyKey, String body) {
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

    /**
     * Writes a request and reads its answer.
     *
     * @param connection the connection
     * @param request    the request's bytes
     * @param deadline   the {@link System#nanoTime()} by which the answer must have come
     * @return the answer
     * @throws EOFException                     when the connection was closed before an answer
     * @throws java.net.SocketTimeoutException  when the deadline passes
     * @throws IOException                      when the answer is not HTTP/1.x or too large
     */
    static Answer exchange(Connection connection, byte[] request, long deadline) throws IOException {
        connection.readUntil(deadline);
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
        connection.readUntil(deadline);
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
}
