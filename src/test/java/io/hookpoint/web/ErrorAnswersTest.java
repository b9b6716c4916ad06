package io.hookpoint.web;

import io.hookpoint.policy.ErrorCode;

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
 * body and nothing of the exception in it; an unavailable store becomes 503 with Retry-After.
 */
@RoutingTest
class ErrorAnswersTest {
    private final DirectClient client;

    ErrorAnswersTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Answers answers = new Answers(7);
        routing.get("/boom", (req, res) -> {
            throw new IllegalStateException("secret internal detail");
        });
        routing.get("/store", (req, res) -> {
            throw new io.hookpoint.store.StoreUnavailableException("disk full", null);
        });
        routing.get("/short-body", (req, res) -> {
            throw new io.helidon.common.buffers.DataReader.InsufficientDataAvailableException();
        });
        ErrorAnswers.register(routing, answers);
    }

    @Test
    void anUnexpectedErrorIs500WithoutInternals() {
        try (Http1ClientResponse response = client.get("/boom").request()) {
            String body = response.as(String.class);
            assertThat(response.status()).isEqualTo(Status.INTERNAL_SERVER_ERROR_500);
            assertThat(body).contains("\"code\":" + ErrorCode.INTERNAL_ERROR.code()).doesNotContain("secret");
        }
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIs400NotOurError() {
        try (Http1ClientResponse response = client.get("/short-body").request()) {
            assertThat(response.status()).isEqualTo(Status.BAD_REQUEST_400);
            assertThat(response.as(String.class)).contains("\"code\":" + ErrorCode.MALFORMED_REQUEST.code());
        }
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() {
        try (Http1ClientResponse response = client.get("/store").request()) {
            assertThat(response.status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
            assertThat(response.headers().first(io.helidon.http.HeaderNames.RETRY_AFTER)).contains("7");
            assertThat(response.as(String.class)).contains("\"code\":" + ErrorCode.STORE_UNAVAILABLE.code())
                    .doesNotContain("disk full");
        }
    }
}
