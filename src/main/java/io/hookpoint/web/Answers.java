package io.hookpoint.web;

import java.util.List;

import io.hookpoint.api.model.ApiError;
import io.hookpoint.api.model.ErrorResponse;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Sends answers: the status the policy gives, JSON bodies, and the headers that go with them. */
public final class Answers {
    private static final io.helidon.http.Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE,
            "application/json");
    private static final io.helidon.http.Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL,
            "no-store");

    private final int retryAfterSeconds;

    /**
     * Creates the sender.
     *
     * @param retryAfterSeconds the {@code Retry-After} of 503 answers
     */
    public Answers(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Sends a JSON body.
     *
     * @param response the response
     * @param status   the HTTP status
     * @param body     JSON bytes
     */
    public void send(ServerResponse response, int status, byte[] body) {
        response.status(Status.create(status));
        response.header(JSON);
        response.header(NO_STORE);
        if (status == 503 && !response.headers().contains(HeaderNames.RETRY_AFTER)) {
            response.header(HeaderNames.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        }
        response.send(body);
    }

    /**
     * Sends an error in the catalog's words.
     *
     * @param response the response
     * @param code     the catalog entry; its outcome decides the status
     */
    public void sendError(ServerResponse response, ErrorCode code) {
        sendError(response, Problem.of(code));
    }

    /**
     * Sends an error.
     *
     * @param response the response
     * @param problem  the error
     */
    public void sendError(ServerResponse response, Problem problem) {
        send(response, problem.code().status(), errorBody(List.of(problem)));
    }

    /**
     * The body of an error answer.
     *
     * @param problems the errors, at least one
     * @return {@code {"success":false,"errors":[...]}} as bytes
     */
    public static byte[] errorBody(List<Problem> problems) {
        ErrorResponse body = new ErrorResponse();
        body.setSuccess(false);
        body.setErrors(problems.stream().map(Answers::apiError).toList());
        return JsonBodies.write(body);
    }

    /**
     * One problem as the contract's model.
     *
     * @param problem the problem
     * @return the model
     */
    public static ApiError apiError(Problem problem) {
        ApiError error = new ApiError();
        error.setCode(problem.code().code());
        error.setDescription(problem.description());
        return error;
    }
}
