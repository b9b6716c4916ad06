package io.hookpoint.policy;

import java.lang.reflect.Method;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.hookpoint.client.ApiClient;
import io.hookpoint.client.ApiException;
import io.hookpoint.client.ApiResponse;
import io.hookpoint.client.api.AuthApi;
import io.hookpoint.client.api.SmsApi;
import io.hookpoint.client.model.SendSmsRequest;
import io.hookpoint.client.model.SendSmsResponse;
import io.hookpoint.testing.Sdk;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the decision table, produced through the generated partner SDK against a real server,
 * and read back with the sender side of the same policy module: the answer (status, error code) and
 * what Bloomreach then does (delivered, failed, stop, retry after about 7 s).
 */
class StatusPolicyThroughSdkTest {
    /** Rows no request can produce on a healthy server; each is covered elsewhere, as noted. */
    private static final Set<Outcome> NOT_PRODUCIBLE_OVER_THE_WIRE = EnumSet.of(
            Outcome.OVERLOADED,        // needs requests held in flight on raw sockets; see observe.OverloadTest
            Outcome.UNEXPECTED_ERROR); // a bug by definition; see ErrorAnswersTest

    /** The test that covers each row not produced here, as class#method. */
    private static final Map<Outcome, String> COVERED_ELSEWHERE = Map.of(
            Outcome.OVERLOADED, "io.hookpoint.observe.OverloadTest#theExcessOverTheInFlightLimitIs503AndTheRestIsServed",
            Outcome.UNEXPECTED_ERROR, "io.hookpoint.web.ErrorAnswersTest#anUnexpectedErrorIs500WithoutInternals");
    // neither the default (5 s) nor Bloomreach's first retry delay (7 s): the answer must carry this one
    private static final Duration RETRY_AFTER = Duration.ofSeconds(9);
    private static final Duration THROTTLE_WINDOW = Duration.ofSeconds(40);
    private static final Set<Outcome> PRODUCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static TestHookpoint hookpoint;
    private static WebServer server;

    /** What a row's scenario observed. */
    private record Observed(int status, Optional<Integer> errorCode, Map<String, List<String>> headers) {
    }

    @BeforeAll
    static void start() {
        // short enough for the store-busy row, long enough for the start's own writes on a loaded machine
        hookpoint = TestHookpoint.create(Map.of("hookpoint.db.timeout", "PT2S",
                "hookpoint.retry.after", RETRY_AFTER.toString()));
        server = hookpoint.start();
    }

    @AfterAll
    static void stop() {
        if (hookpoint != null) {
            hookpoint.close();
        }
    }

    static List<Outcome> producibleOutcomes() {
        return Arrays.stream(Outcome.values()).filter(o -> !NOT_PRODUCIBLE_OVER_THE_WIRE.contains(o)).toList();
    }

    @ParameterizedTest
    @MethodSource("producibleOutcomes")
    void eachRowIsAnsweredAndReadAsTheTableSays(Outcome outcome) throws Exception {
        Observed observed = produce(outcome);

        assertThat(observed.status()).isEqualTo(outcome.status());
        BloomreachReaction reaction = BloomreachSender.react(observed.status());
        assertThat(reaction).isEqualTo(outcome.intendedReaction());
        Arrays.stream(ErrorCode.values()).filter(code -> code.outcome() == outcome).findAny()
                .ifPresent(any -> assertThat(observed.errorCode()).hasValueSatisfying(code ->
                        assertThat(ErrorCode.values()).anySatisfy(c -> {
                            assertThat(c.code()).isEqualTo(code);
                            assertThat(c.outcome()).isEqualTo(outcome);
                        })));
        if (reaction == BloomreachReaction.RETRY) {
            // the Retry-After the server sent: delta-seconds, and the wait this situation was configured with
            long seconds = retryAfterSeconds(observed);
            if (outcome == Outcome.THROTTLED) {
                assertThat(seconds).isBetween(1L, THROTTLE_WINDOW.toSeconds());
            } else {
                assertThat(seconds).isEqualTo(RETRY_AFTER.toSeconds());
            }
        }
        PRODUCED.add(outcome);
    }

    @Test
    void everyRowNotProducedHereIsCoveredByTheNamedTest() throws Exception {
        assertThat(COVERED_ELSEWHERE.keySet()).isEqualTo(NOT_PRODUCIBLE_OVER_THE_WIRE);
        for (Map.Entry<Outcome, String> covered : COVERED_ELSEWHERE.entrySet()) {
            String[] test = covered.getValue().split("#");
            Method method = Class.forName(test[0]).getDeclaredMethod(test[1]);
            assertThat(method.isAnnotationPresent(Test.class)).as(covered.getValue()).isTrue();
            assertThat(covered.getKey().intendedReaction()).isEqualTo(BloomreachReaction.RETRY);
        }
    }

    @AfterAll
    static void everyProducibleRowWasProduced() {
        // only when the whole class ran (a single row may be run alone)
        if (PRODUCED.size() > 1) {
            assertThat(PRODUCED).containsExactlyInAnyOrderElementsOf(producibleOutcomes());
        }
    }

    private static long retryAfterSeconds(Observed observed) {
        List<String> values = observed.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After")).flatMap(e -> e.getValue().stream()).toList();
        assertThat(values).as("Retry-After").hasSize(1);
        assertThat(values.getFirst()).as("Retry-After as delta-seconds").matches("[0-9]+");
        return Long.parseLong(values.getFirst());
    }

    private Observed produce(Outcome outcome) throws Exception {
        String key = "sdk-" + UUID.randomUUID();
        SendSmsRequest valid = new SendSmsRequest().to("+420777123456").text("Hello through the SDK");
        return switch (outcome) {
        case ACCEPTED -> sms(client(), key, valid);
        case CUSTOMER_DATA_INVALID -> sms(client(), key, new SendSmsRequest().to("").text("Hi"));
        case IDEMPOTENCY_KEY_REUSED -> {
            sms(client(), key, valid);
            yield sms(client(), key, new SendSmsRequest().to("+420777123456").text("Another text"));
        }
        case DEFINITION_BROKEN -> sms(client(), "a key with spaces", valid);
        case UNAUTHENTICATED -> sms(Sdk.client(server.port(), hookpoint.certificate(), TestHookpoint.USER, "wrong"),
                key, valid);
        case FORBIDDEN -> sms(Sdk.client(server.port(), hookpoint.certificate(), TestHookpoint.ADMIN,
                TestHookpoint.ADMIN_PASSWORD), key, valid);
        case THROTTLED -> {
            // its own server: the throttle is per client address, and every test here comes from 127.0.0.1
            try (TestHookpoint strict = TestHookpoint.create(Map.of("hookpoint.auth.failures", "1",
                    "hookpoint.auth.window", THROTTLE_WINDOW.toString()))) {
                WebServer own = strict.start();
                ApiClient wrong = Sdk.client(own.port(), strict.certificate(), TestHookpoint.USER, "wrong");
                sms(wrong, key, valid);
                yield sms(wrong, key, valid);
            }
        }
        case NOT_FOUND -> call(() -> {
            ApiResponse<?> r = new SmsApi(client()).getSmsWithHttpInfo(UUID.randomUUID().toString());
            return new Observed(r.getStatusCode(), Optional.empty(), r.getHeaders());
        });
        case METHOD_NOT_ALLOWED -> call(() -> {
            ApiResponse<?> r = new AuthApi(intercepted(b -> b.method("PUT", HttpRequest.BodyPublishers.noBody())))
                    .checkAuthWithHttpInfo();
            return new Observed(r.getStatusCode(), Optional.empty(), r.getHeaders());
        });
        case BODY_TOO_LARGE -> sms(client(), key, new SendSmsRequest().to("+420777123456").text("x".repeat(70_000)));
        case UNSUPPORTED_MEDIA_TYPE -> sms(intercepted(b -> b.setHeader("Content-Type", "text/plain")), key, valid);
        case STORE_UNAVAILABLE -> {
            String url = "jdbc:sqlite:" + hookpoint.directory().resolve("data/hookpoint.db");
            try (Connection other = DriverManager.getConnection(url); Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                Observed observed = sms(client(), key, valid);
                statement.execute("ROLLBACK");
                yield observed;
            }
        }
        case OVERLOADED, UNEXPECTED_ERROR -> throw new IllegalArgumentException(outcome + " is covered elsewhere");
        };
    }

    private ApiClient client() {
        return Sdk.client(server.port(), hookpoint.certificate(), TestHookpoint.USER, TestHookpoint.PASSWORD);
    }

    private ApiClient intercepted(Consumer<HttpRequest.Builder> change) {
        ApiClient client = client();
        Consumer<HttpRequest.Builder> credentials = client.getRequestInterceptor();
        client.setRequestInterceptor(credentials.andThen(change));
        return client;
    }

    private static Observed sms(ApiClient client, String key, SendSmsRequest request) {
        return call(() -> {
            ApiResponse<SendSmsResponse> r = new SmsApi(client).sendSmsWithHttpInfo(key, request);
            Optional<Integer> code = r.getData().getErrors() == null || r.getData().getErrors().isEmpty()
                    ? Optional.empty() : Optional.of(r.getData().getErrors().getFirst().getCode());
            return new Observed(r.getStatusCode(), code, r.getHeaders());
        });
    }

    private interface Call {
        Observed run() throws ApiException;
    }

    // the SDK throws for every non-2xx answer: read status, body and headers from the exception
    private static Observed call(Call call) {
        try {
            return call.run();
        } catch (ApiException e) {
            Optional<Integer> code = Optional.empty();
            String body = e.getResponseBody();
            if (body != null) {
                var matcher = java.util.regex.Pattern.compile("\"code\":(\\d+)").matcher(body);
                if (matcher.find()) {
                    code = Optional.of(Integer.parseInt(matcher.group(1)));
                }
            }
            return new Observed(e.getCode(), code,
                    e.getResponseHeaders() == null ? Map.of() : e.getResponseHeaders().map());
        }
    }
}
