package io.hookpoint.web;

import java.util.List;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.store.StoreUnavailableException;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

/**
 * Turns failures into the policy's answers: a body over the limit is 413, an unavailable store 503
 * (retried by Bloomreach), anything unexpected 500 with no internals in the body. Requests Helidon
 * rejects before routing (malformed HTTP, oversized headers) get a JSON body too.
 */
public final class ErrorAnswers {
    private static final System.Logger LOGGER = System.getLogger(ErrorAnswers.class.getName());

    private ErrorAnswers() {
    }

    /**
     * Registers the error handlers of a routing.
     *
     * @param routing the routing
     * @param answers sends the answers
     */
    public static void register(HttpRouting.Builder routing, Answers answers) {
        routing.error(RequestBodies.BodyTooLargeException.class, (request, response, e) ->
                answers.sendError(response, new Problem(ErrorCode.BODY_TOO_LARGE, e.getMessage())));
        // the client declared more body than it sent (or went away): a malformed request, not our error
        routing.error(DataReader.InsufficientDataAvailableException.class, (request, response, e) -> {
            LOGGER.log(System.Logger.Level.DEBUG, "Body ended before its declared length");
            answers.sendError(response, new Problem(ErrorCode.MALFORMED_REQUEST,
                    "Request body ended before its declared length."));
        });
        routing.error(StoreUnavailableException.class, (request, response, e) -> {
            LOGGER.log(System.Logger.Level.WARNING, "Store unavailable, answered 503: " + e.getMessage());
            answers.sendError(response, ErrorCode.STORE_UNAVAILABLE);
        });
        routing.error(Exception.class, (request, response, e) -> {
            LOGGER.log(System.Logger.Level.ERROR, "Unexpected error on " + request.prologue().method().text()
                    + " " + request.path().rawPath() + ", answered 500", e);
            answers.sendError(response, ErrorCode.INTERNAL_ERROR);
        });
    }

    /**
     * Handlers for requests rejected before routing.
     *
     * @return direct handlers that answer JSON
     */
    public static DirectHandlers directHandlers() {
        DirectHandler json = (request, eventType, status, headers, message) -> {
            // Helidon's catch-all before routing: it reports some malformed requests (a control
            // character in the method) as an internal error; nothing of ours has run yet, so it is the
            // request's fault: 400, not a 500 that a sender would retry forever
            if (eventType == DirectHandler.EventType.INTERNAL_ERROR) {
                return transportAnswer(Status.BAD_REQUEST_400, headers);
            }
            return transportAnswer(status, headers);
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, json);
        }
        return builder.build();
    }

    private static DirectHandler.TransportResponse transportAnswer(Status status, ServerResponseHeaders headers) {
        ErrorCode code;
        if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            code = ErrorCode.BODY_TOO_LARGE;
        } else if (status.code() == Status.SERVICE_UNAVAILABLE_503.code()) {
            code = ErrorCode.OVERLOADED;
        } else if (status.code() >= 500) {
            code = ErrorCode.INTERNAL_ERROR;
        } else {
            code = ErrorCode.MALFORMED_REQUEST;
        }
        byte[] body = Answers.errorBody(List.of(Problem.of(code)));
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"))
                .keepAlive(false)
                .entity(body)
                .build();
    }
}
