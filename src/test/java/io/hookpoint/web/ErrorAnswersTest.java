package io.hookpoint.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.Contract;
import io.hookpoint.testing.Reply;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error handlers: an unexpected exception becomes a 500 that Bloomreach retries, with the policy's
 * body and nothing of the exception in it; an unavailable store becomes 503 with Retry-After. The
 * failing handlers sit on declared operations, so each answer is also checked against openapi.yaml.
 */
@RoutingTest
class ErrorAnswersTest {
    private static final String FAIL = "X-Test-Fail";
    private final DirectClient client;

    ErrorAnswersTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Answers answers = new Answers(7);
        routing.post("/api/v1/sms", (req, res) -> {
            switch (req.headers().first(HeaderNames.create(FAIL)).orElse("")) {
            case "store" -> throw new io.hookpoint.store.StoreUnavailableException("disk full", null);
            case "short-body" -> throw new io.helidon.common.buffers.DataReader.InsufficientDataAvailableException();
            default -> throw new IllegalStateException("secret internal detail");
            }
        });
        ErrorAnswers.register(routing, answers);
    }

    @Test
    void anUnexpectedErrorIs500WithoutInternals() {
        Reply reply = post("boom");
        assertThat(reply.status()).isEqualTo(Status.INTERNAL_SERVER_ERROR_500.code());
        assertThat(reply.text()).contains("\"code\":" + ErrorCode.INTERNAL_ERROR.code()).doesNotContain("secret");
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIs400NotOurError() {
        Reply reply = post("short-body");
        assertThat(reply.status()).isEqualTo(Status.BAD_REQUEST_400.code());
        assertThat(reply.text()).contains("\"code\":" + ErrorCode.MALFORMED_REQUEST.code());
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() {
        Reply reply = post("store");
        assertThat(reply.status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503.code());
        assertThat(reply.header("Retry-After")).contains("7");
        assertThat(reply.text()).contains("\"code\":" + ErrorCode.STORE_UNAVAILABLE.code()).doesNotContain("disk full");
    }

    // the in-memory answer as a Reply, checked against the contract like every answer a test sees
    private Reply post(String failure) {
        try (Http1ClientResponse response = client.method(Method.POST).path("/api/v1/sms").header(HeaderNames.create(FAIL),
                failure).request()) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().forEach(header -> headers.computeIfAbsent(header.name().toLowerCase(Locale.ROOT),
                    n -> new ArrayList<>()).addAll(header.allValues()));
            Reply reply = new Reply(response.status().code(), headers, response.entity().as(byte[].class));
            Contract.assertMatches("POST", "/api/v1/sms", reply);
            return reply;
        }
    }
}
