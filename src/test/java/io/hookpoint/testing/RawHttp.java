package io.hookpoint.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLException;

/**
 * HTTP/1.1 read off a raw socket, for the requests no ordinary client sends: reads one whole answer
 * (by {@code Content-Length}, chunked, or to the end of the connection) and checks it against
 * {@code openapi.yaml} like {@link HttpsClient} does, when the request line names a declared operation.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * Reads one answer: until it is complete, the connection ends, is reset, or the read times out.
     *
     * @param in the socket's input
     * @return the bytes read
     * @throws IOException on a read error other than an end, a reset or a timeout
     */
    public static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (parse(out.toByteArray(), false).isPresent()) {
                    break;
                }
            }
        } catch (SocketTimeoutException | SocketException | SSLException e) {
            // closed, reset or silent: what came so far is the answer
        }
        return out.toByteArray();
    }

    /**
     * Parses the first answer of what a connection delivered and checks it against the contract.
     *
     * @param request the request bytes sent (its request line gives method and path)
     * @param answer  the bytes received
     * @return the answer, or empty when no complete status line and headers came
     */
    public static Optional<Reply> checked(byte[] request, byte[] answer) {
        Optional<Reply> reply = parse(answer, true);
        String line = new String(request, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        String[] parts = line.split(" ");
        if (reply.isPresent() && parts.length == 3 && parts[2].equals("HTTP/1.1")) {
            Contract.assertMatches(parts[0], parts[1], reply.get());
        }
        return reply;
    }

    /**
     * Parses the first answer of what a connection delivered, without checking it.
     *
     * @param answer the bytes received
     * @return the answer, or empty when no complete status line and headers came
     */
    public static Optional<Reply> parse(byte[] answer) {
        return parse(answer, true);
    }

    /**
     * Parses the first answer.
     *
     * @param bytes what came
     * @param atEnd whether nothing more will come (a body without a declared length ends here)
     * @return the answer when it is complete
     */
    static Optional<Reply> parse(byte[] bytes, boolean atEnd) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            return Optional.empty();
        }
        List<String> lines = text.substring(0, headEnd).lines().toList();
        int status = Integer.parseInt(lines.getFirst().substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        byte[] rest = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        Reply head = new Reply(status, headers, new byte[0]);
        if (status / 100 == 1 || status == 204 || status == 304) {
            return Optional.of(head);
        }
        if (head.header("Transfer-Encoding").filter(te -> te.equalsIgnoreCase("chunked")).isPresent()) {
            return dechunk(rest, atEnd).map(body -> new Reply(status, headers, body));
        }
        Optional<String> length = head.header("Content-Length");
        if (length.isPresent()) {
            int n = Integer.parseInt(length.get());
            if (rest.length >= n) {
                return Optional.of(new Reply(status, headers, Arrays.copyOf(rest, n)));
            }
            return atEnd ? Optional.of(new Reply(status, headers, rest)) : Optional.empty();
        }
        return atEnd ? Optional.of(new Reply(status, headers, rest)) : Optional.empty();
    }

    private static Optional<byte[]> dechunk(byte[] rest, boolean atEnd) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        String text = new String(rest, StandardCharsets.ISO_8859_1);
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return atEnd ? Optional.of(body.toByteArray()) : Optional.empty();
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return Optional.of(body.toByteArray());
            }
            if (lineEnd + 2 + size > rest.length) {
                return atEnd ? Optional.of(body.toByteArray()) : Optional.empty();
            }
            body.write(rest, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
