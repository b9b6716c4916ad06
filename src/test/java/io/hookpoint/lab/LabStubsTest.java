package io.hookpoint.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.hookpoint.testing.Closing;
import io.hookpoint.tls.DevelopmentCertificate;
import io.hookpoint.testing.TestHookpoint;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each provider stub of the lab against the real Hookpoint (in process, over TLS, configured with the stub's
 * own settings): a message it takes is reported delivered by the stub's signed or token-carrying reports
 * through {@link Callbacks}; a refused number and an unreachable handset end with the stub's codes; a report
 * or STOP reply with a forged signature or a wrong token is refused 401 and changes nothing; the genuine STOP
 * suppresses the number (the next message is refused with 1012).
 */
class LabStubsTest {
    private TestHookpoint hookpoint;
    private ProviderStub stub;
    private Callbacks callbacks;
    private HttpClient raw;
    private URI api;

    @AfterEach
    void stop() {
        Closing.inOrder(callbacks, stub, hookpoint, raw == null ? null : (AutoCloseable) raw::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"twilio", "vonage", "infobip", "sinch"})
    void theStubsReportsAreTakenByHookpointAndForgeriesAreRefused(String provider, @TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("https://localhost:" + port);
        LabOptions options = LabOptions.small(100, dir).withProvider(provider);
        Population population = new Population(options);
        Timeline timeline = new Timeline();
        // Hookpoint's certificate is made here, so that the lab's client can trust it before Hookpoint exists
        DevelopmentCertificate.PemFiles tls = LabTls.certificate(Files.createDirectories(dir.resolve("hookpoint-tls")));
        raw = LabTls.client(tls.certificate(), Duration.ofSeconds(5));
        callbacks = new Callbacks(raw, timeline);
        stub = ProviderStub.create(options, population, timeline, callbacks, base, dir);
        Map<String, String> config = TestHookpoint.providerConfig(provider, base.toString());
        config.put("server.port", String.valueOf(port));
        // Sinch makes two calls per send (a look-up first): its lease must outlast both
        config.put("hookpoint.delivery.lease", "PT10S");
        config.put("hookpoint.tls.cert", tls.certificate().toString());
        config.put("hookpoint.tls.key", tls.key().toString());
        // the stub's settings, as the lab gives them to its child process (HOOKPOINT_X_Y is hookpoint.x.y)
        stub.environment().forEach((name, value) -> config.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        hookpoint = TestHookpoint.create(config);
        hookpoint.start();
        api = base;

        int delivered = customer(population, n -> !population.rejected(n) && !population.undelivered(n));
        String id = send(Population.phone(delivered));
        JsonObject message = await(id, "delivered");
        assertThat(message.getString("provider")).isEqualTo(provider);
        ProviderStub.Send send = stub.lastSend();
        assertThat(send.messageId()).isEqualTo(id);

        // a report of "undelivered" with a forged signature or token: 401, the message stays delivered
        assertThat(post(forged(stub.reportOf(send, ProviderStub.Stage.UNDELIVERED)))).isEqualTo(401);
        assertThat(post(stub.reportOf(send, ProviderStub.Stage.DELIVERED))).isEqualTo(200);
        assertThat(get(id).getString("status")).isEqualTo("delivered");

        int refused = customer(population, population::rejected);
        JsonObject failed = await(send(Population.phone(refused)), "failed");
        assertThat(failed.getString("provider_error_code")).isEqualTo(stub.refusedCode());
        int unreachable = customer(population, population::undelivered);
        JsonObject undelivered = await(send(Population.phone(unreachable)), "undelivered");
        assertThat(undelivered.getString("provider_error_code")).isEqualTo(stub.undeliveredCode());

        // STOP: forged refused and nothing suppressed, then the genuine one suppresses the number
        String phone = Population.phone(delivered);
        assertThat(post(forged(stub.stop(phone)))).isEqualTo(401);
        assertThat(sms(phone).statusCode()).isEqualTo(200);
        assertThat(post(stub.stop(phone))).isEqualTo(200);
        HttpResponse<String> refusedAfterStop = sms(phone);
        assertThat(refusedAfterStop.body()).as("answer after STOP").contains("1012");
    }

    private static int customer(Population population, java.util.function.IntPredicate wanted) {
        return IntStream.rangeClosed(1, 100_000).filter(wanted).filter(n -> n % 50 != 0).findFirst().orElseThrow();
    }

    private static String body(String phone) {
        return "{\"to\":\"" + phone + "\",\"text\":\"Hello from the lab\"}";
    }

    private HttpResponse<String> sms(String phone) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/v1/sms")).header("Authorization", authorization())
                .header("Idempotency-Key", "lab-" + UUID.randomUUID()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(phone))).build();
        return raw.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String send(String phone) throws Exception {
        HttpResponse<String> reply = sms(phone);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return Forms.json(reply.body().getBytes(StandardCharsets.UTF_8)).getJsonObject("result").getString("message_id");
    }

    private JsonObject get(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/v1/sms/" + id))
                .header("Authorization", authorization()).GET().build();
        return Forms.json(raw.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private JsonObject await(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject message;
        do {
            message = get(id);
            if (status.equals(message.getString("status", ""))) {
                return message;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("message " + id + " stayed " + message);
    }

    private static String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((TestHookpoint.USER + ":" + TestHookpoint.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private int post(Callbacks.Outgoing out) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(out.url()).header("Content-Type", out.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.body()));
        out.headers().forEach(request::header);
        return raw.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // the same call with the provider's authentication broken: a wrong token, signature header or sig
    private static Callbacks.Outgoing forged(Callbacks.Outgoing out) {
        String url = out.url().toString();
        if (url.contains("token=")) {
            return new Callbacks.Outgoing(URI.create(url.replaceAll("token=[^&]*", "token=not-the-secret")),
                    out.contentType(), out.body(), out.headers());
        }
        Map<String, String> headers = new HashMap<>(out.headers());
        if (headers.containsKey("X-Twilio-Signature")) {
            headers.put("X-Twilio-Signature", "bm90IHRoZSBzaWduYXR1cmU=");
            return new Callbacks.Outgoing(out.url(), out.contentType(), out.body(), headers);
        }
        String body = new String(out.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("sig=");
        return new Callbacks.Outgoing(out.url(), out.contentType(),
                body.replaceAll("sig=[0-9a-f]+", "sig=0123456789abcdef0123456789abcdef").getBytes(StandardCharsets.UTF_8),
                headers);
    }
}
