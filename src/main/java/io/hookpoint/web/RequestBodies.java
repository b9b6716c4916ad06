package io.hookpoint.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Reads request bodies up to the configured limit, whether sized by Content-Length or chunked. A body
 * over the limit is still read and thrown away, up to {@link #DRAIN_FACTOR} times the limit, so that
 * the client gets to read the 413 instead of a connection closed under its feet (which Bloomreach
 * would take for a network error and retry).
 */
public final class RequestBodies {
    /** How many times the limit an oversized body is read and discarded before the answer. */
    public static final int DRAIN_FACTOR = 4;

    private final int limit;

    /**
     * Creates the reader.
     *
     * @param limit the largest body accepted, in bytes
     */
    public RequestBodies(int limit) {
        this.limit = limit;
    }

    /** A body over the limit. */
    public static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(int limit) {
            super("Request body too large. Limit is " + limit + " bytes.");
        }
    }

    /** The limit in bytes. */
    public int limit() {
        return limit;
    }

    /** The answer to a body over the limit, naming the limit. */
    public Problem tooLarge() {
        return new Problem(ErrorCode.BODY_TOO_LARGE, new BodyTooLargeException(limit).getMessage());
    }

    /**
     * Reads and discards what is left of a body, up to {@link #DRAIN_FACTOR} times the limit in all.
     *
     * @param request the request
     */
    public void discard(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return;
        }
        try (InputStream in = request.content().inputStream()) {
            discard(in, (long) limit * DRAIN_FACTOR);
        } catch (IOException | RuntimeException e) {
            // the client went away or the transport gave up: nothing more to do
        }
    }

    private static void discard(InputStream in, long budget) throws IOException {
        byte[] sink = new byte[16 * 1024];
        long left = budget;
        while (left > 0) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    /**
     * Whether the declared length is already over the limit (checked before anything is read).
     *
     * @param request the request
     * @return true when Content-Length exceeds the limit
     */
    public boolean declaredTooLarge(ServerRequest request) {
        return request.headers().contentLength().orElse(0L) > limit;
    }

    /**
     * Reads the whole body.
     *
     * @param request the request
     * @return the bytes, empty when there is no body
     * @throws BodyTooLargeException when it exceeds the limit
     */
    public byte[] read(ServerRequest request) {
        if (declaredTooLarge(request)) {
            throw new BodyTooLargeException(limit);
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        byte[] buffer = new byte[(int) Math.min(limit + 1L,
                request.headers().contentLength().orElse(8192L) + 1)];
        int size = 0;
        try (InputStream in = request.content().inputStream()) {
            while (true) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1L, buffer.length * 2L));
                }
                int n = in.read(buffer, size, buffer.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
                if (size > limit) {
                    discard(in, (long) limit * DRAIN_FACTOR - size);
                    throw new BodyTooLargeException(limit);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(buffer, size);
    }

    /**
     * Whether the request declares a JSON body. A missing Content-Type is taken as JSON: Bloomreach
     * lets the marketer leave it out.
     *
     * @param request the request
     * @return true for {@code application/json}, {@code application/*+json} or no content type
     */
    public static boolean isJson(ServerRequest request) {
        if (!request.headers().contains(HeaderNames.CONTENT_TYPE)) {
            return true;
        }
        return request.headers().contentType()
                .map(type -> {
                    String subtype = type.mediaType().subtype().toLowerCase();
                    return "application".equalsIgnoreCase(type.mediaType().type())
                            && (subtype.equals("json") || subtype.endsWith("+json"));
                })
                .orElse(false);
    }
}
