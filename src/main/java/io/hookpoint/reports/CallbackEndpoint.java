package io.hookpoint.reports;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;
import io.hookpoint.web.RequestBodies;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /callbacks/{provider}/status}: a provider's delivery reports, outside {@code /api} (Bloomreach's
 * credentials are not valid here). The provider's {@link ReportReader} authenticates and reads the call,
 * {@link DeliveryReports} applies it; answers follow the status policy's table for provider callbacks
 * (2xx for applied, duplicate, out-of-order and unknown reports, so the provider stops retrying).
 */
public final class CallbackEndpoint {
    /** The contract's operation id. */
    public static final String OPERATION = "receiveDeliveryReports";
    private static final String CHALLENGE = "Bearer realm=\"hookpoint-callbacks\"";

    private final Map<String, ReportReader> readers = new TreeMap<>();
    private final DeliveryReports reports;
    private final RequestBodies bodies;
    private final Answers answers;
    private final Optional<URI> publicUrl;

    /**
     * Creates the endpoint.
     *
     * @param readers   the report reader of each provider
     * @param reports   applies the reports
     * @param bodies    the body limit
     * @param answers   writes the answers
     * @param publicUrl this service's public base URL, or empty
     */
    public CallbackEndpoint(List<ReportReader> readers, DeliveryReports reports, RequestBodies bodies,
                            Answers answers, Optional<URI> publicUrl) {
        readers.forEach(reader -> this.readers.put(reader.provider(), reader));
        this.reports = reports;
        this.bodies = bodies;
        this.answers = answers;
        this.publicUrl = publicUrl;
    }

    /**
     * The handlers, by the contract's operation id.
     *
     * @return {@code receiveDeliveryReports}
     */
    public Map<String, Handler> handlers() {
        return Map.of(OPERATION, this::receive);
    }

    private void receive(ServerRequest request, ServerResponse response) {
        Optional<List<DeliveryReport>> call = read(request, response, readers, bodies, answers, publicUrl);
        if (call.isEmpty()) {
            return;
        }
        List<DeliveryReport> read = call.get();
        DeliveryReports.Tally tally = reports.apply(read);
        answers.send(response, 200, JsonBodies.JSON.createObjectBuilder()
                .add("success", true)
                .add("result", JsonBodies.JSON.createObjectBuilder()
                        .add("received", read.size())
                        .add("applied", tally.applied())
                        .add("unchanged", tally.unchanged())
                        .add("unknown", tally.unknown()))
                .build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Reads a provider's call with the reader of the provider its path names, or answers it: 404 (2008) for a
     * provider we do not know, 413 for a body over the limit, the reader's refusal (401, 415, 400).
     *
     * @param request   the call
     * @param response  its response, answered unless the call was read
     * @param readers   the reader of each provider, by name
     * @param bodies    reads the body
     * @param answers   writes the answers
     * @param publicUrl this service's public base URL, or empty
     * @param <T>       what a call carries
     * @return what the call carries, or empty when it was answered already
     */
    public static <T> Optional<List<T>> read(ServerRequest request, ServerResponse response,
                                             Map<String, ? extends CallReader<T>> readers, RequestBodies bodies,
                                             Answers answers, Optional<URI> publicUrl) {
        CallReader<T> reader = readers.get(request.path().pathParameters().get("provider"));
        if (reader == null) {
            bodies.discard(request);
            answers.sendError(response, new Problem(ErrorCode.NOT_FOUND, "No such provider."));
            return Optional.empty();
        }
        byte[] body;
        try {
            body = bodies.read(request);
        } catch (RequestBodies.BodyTooLargeException e) {
            answers.sendError(response, bodies.tooLarge());
            return Optional.empty();
        }
        try {
            return Optional.of(reader.read(callback(request, body, publicUrl)));
        } catch (ReportReader.CallbackRejected e) {
            refuse(response, e, answers);
            return Optional.empty();
        }
    }

    /**
     * Answers a refused callback as the status policy's callback table says (401 with a challenge, 415, 400).
     *
     * @param response the response
     * @param refused  why
     * @param answers  writes the answer
     */
    public static void refuse(ServerResponse response, ReportReader.CallbackRejected refused, Answers answers) {
        switch (refused.refusal()) {
        case UNAUTHENTICATED -> {
            response.header(HeaderNames.WWW_AUTHENTICATE, CHALLENGE);
            answers.sendError(response, ErrorCode.AUTHENTICATION_REQUIRED);
        }
        case UNSUPPORTED_MEDIA_TYPE -> answers.sendError(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        case NOT_JSON -> answers.sendError(response, new Problem(ErrorCode.BODY_NOT_JSON, refused.getMessage()));
        case UNREADABLE -> answers.sendError(response, new Problem(ErrorCode.BODY_NOT_OBJECT, refused.getMessage()));
        }
    }

    /**
     * A provider's call as the readers see it.
     *
     * @param request   the request
     * @param body      its body
     * @param publicUrl this service's public base URL, or empty: the URL the request was sent to
     * @return the call
     */
    public static CallbackRequest callback(ServerRequest request, byte[] body, Optional<URI> publicUrl)
            throws ReportReader.CallbackRejected {
        Map<String, List<String>> headers = new TreeMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.name().toLowerCase(Locale.ROOT),
                n -> new ArrayList<>()).addAll(h.allValues()));
        String query = request.query().rawValue();
        String path = request.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
        URI url;
        try {
            url = publicUrl.map(u -> URI.create(u + path))
                    .orElseGet(() -> URI.create(request.requestedUri().toUri().resolve(path).toString()));
        } catch (IllegalArgumentException e) {
            // a query the listener let through but no URI can hold: nothing can be authenticated against it
            throw new ReportReader.CallbackRejected(ReportReader.Refusal.UNAUTHENTICATED, "Authentication required.");
        }
        Optional<String> contentType = request.headers().contentType()
                .map(type -> type.mediaType().text().toLowerCase(Locale.ROOT));
        return new CallbackRequest(url, Map.copyOf(headers), contentType, body);
    }
}
