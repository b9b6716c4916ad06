package io.hookpoint.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLSocket;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.RawHttp;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twice the in-flight limit at once: the requests over the limit are answered 503 + Retry-After at
 * once (Bloomreach retries them), the others are served normally; slow clients, which hold a
 * connection open sending a byte at a time, do not keep others from being served.
 */
class OverloadTest {
    private static final int LIMIT = 4;
    private static final String BODY = "{\"to\":\"+420777123456\",\"text\":\"Held\"}";

    @Test
    void theExcessOverTheInFlightLimitIs503AndTheRestIsServed() throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.inflight.limit", String.valueOf(LIMIT)))) {
            WebServer server = hookpoint.start();
            HttpsClient client = hookpoint.client(server.port());
            // requests that stay in flight: headers sent, body held back
            List<SSLSocket> held = new ArrayList<>();
            for (int i = 0; i < LIMIT; i++) {
                held.add(startHeldRequest(hookpoint, server.port(), "held-" + i));
            }
            awaitInFlight(client, LIMIT);

            try (ExecutorService pool = Executors.newFixedThreadPool(LIMIT)) {
                List<Future<Reply>> excess = new ArrayList<>();
                for (int i = 0; i < LIMIT; i++) {
                    int n = i;
                    excess.add(pool.submit(() -> client.sendSms("excess-" + n, BODY)));
                }
                for (Future<Reply> future : excess) {
                    Reply reply = future.get();
                    assertThat(reply.status()).isEqualTo(503);
                    assertThat(reply.header("Retry-After")).isPresent();
                    assertThat(reply.errorCodes()).containsExactly(ErrorCode.OVERLOADED.code());
                    assertThat(BloomreachSender.react(reply.status())).isEqualTo(BloomreachReaction.RETRY);
                }
            }
            // a provider's callback counts too: a burst of reports cannot starve the webhook
            Reply callback = client.anonymous().send("POST", "/callbacks/http/status",
                    Map.of("Content-Type", "application/json"), "{\"reports\":[]}".getBytes(StandardCharsets.UTF_8));
            assertThat(callback.status()).isEqualTo(503);
            assertThat(callback.errorCodes()).containsExactly(ErrorCode.OVERLOADED.code());

            // the held requests complete normally once their bodies arrive
            for (SSLSocket socket : held) {
                String answer = finishHeldRequest(socket);
                assertThat(answer).startsWith("HTTP/1.1 200");
            }
            // and the shed requests, retried, are accepted
            assertThat(client.sendSms("excess-0", BODY).status()).isEqualTo(200);
            assertThat(PrometheusText.value(client.anonymous().get("/observe/metrics").text(),
                    "hookpoint_shed_requests_total")).hasValue(LIMIT + 1);
        }
    }

    @Test
    void slowClientsDoNotKeepOthersFromBeingServed() throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.inflight.limit", String.valueOf(LIMIT)))) {
            WebServer server = hookpoint.start();
            HttpsClient client = hookpoint.client(server.port());
            // many more slow connections than the in-flight limit, each dribbling its request headers
            List<SSLSocket> slow = new ArrayList<>();
            for (int i = 0; i < LIMIT * 10; i++) {
                SSLSocket socket = tls(hookpoint, server.port());
                socket.getOutputStream().write("POST /api/v1/sms HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            for (int round = 0; round < 3; round++) {
                for (SSLSocket socket : slow) {
                    socket.getOutputStream().write('s');
                    socket.getOutputStream().flush();
                }
                Reply reply = client.sendSms("while-slow-" + round, BODY);
                assertThat(reply.status()).isEqualTo(200);
            }
            for (SSLSocket socket : slow) {
                socket.close();
            }
        }
    }

    private static void awaitInFlight(HttpsClient client, int expected) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            String metrics = client.anonymous().get("/observe/metrics").text();
            if (PrometheusText.value(metrics, "hookpoint_requests_in_flight").orElse(-1) == expected) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the held requests never got in flight");
    }

    private static SSLSocket tls(TestHookpoint hookpoint, int port) throws IOException {
        SSLSocket socket = (SSLSocket) HttpsClient.trusting(hookpoint.certificate()).getSocketFactory()
                .createSocket("localhost", port);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    private static SSLSocket startHeldRequest(TestHookpoint hookpoint, int port, String key) throws IOException {
        SSLSocket socket = tls(hookpoint, port);
        String credentials = Base64.getEncoder().encodeToString(
                (TestHookpoint.USER + ":" + TestHookpoint.PASSWORD).getBytes(StandardCharsets.UTF_8));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/sms HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + key + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 5);
        out.flush();
        return socket;
    }

    private static String finishHeldRequest(SSLSocket socket) throws IOException {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(body, 5, body.length - 5);
        socket.getOutputStream().flush();
        // the whole answer, checked against the contract
        byte[] answer = RawHttp.readAnswer(socket.getInputStream());
        socket.close();
        Reply reply = RawHttp.checked("POST /api/v1/sms HTTP/1.1".getBytes(StandardCharsets.US_ASCII), answer)
                .orElseThrow(() -> new AssertionError("no answer to a held request"));
        return "HTTP/1.1 " + reply.status();
    }
}
