package io.hookpoint.simulate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.simulate.EndpointClient.Exchange;
import io.hookpoint.tls.ServerTls;

import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/**
 * The campaign's requests through Helidon WebClient (HTTP/1.1, kept-alive connections, blocking on
 * virtual threads), to compare its latency report with {@link EndpointClient}'s
 * ({@link ClientLatencyComparison}).
 */
final class WebClientTransport implements Transport {
    private final WebClient client;
    private final Duration timeout;

    WebClientTransport(Optional<Path> trustCert, Duration timeout, int connections) {
        io.helidon.common.tls.TlsConfig.Builder tls = Tls.builder().endpointIdentificationAlgorithm("HTTPS");
        trustCert.ifPresent(pem -> tls.trust(ServerTls.readCertificates(pem)));
        this.client = WebClient.builder()
                .tls(tls.build())
                .connectionCacheSize(connections)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .followRedirects(false)
                .build();
        this.timeout = timeout;
    }

    @Override
    public Exchange post(URI url, String authorization, String idempotencyKey, String body) {
        long started = System.nanoTime();
        HttpClientRequest request = client.post().uri(url).header(HeaderNames.ACCEPT, "application/json");
        if (!body.isEmpty()) {
            request.header(HeaderNames.CONTENT_TYPE, "application/json");
        }
        if (authorization != null) {
            request.header(HeaderNames.AUTHORIZATION, authorization);
        }
        if (idempotencyKey != null) {
            request.header(HeaderNames.create("Idempotency-Key"), idempotencyKey);
        }
        try (HttpClientResponse response = request.submit(body)) {
            String text = response.entity().as(String.class);
            double millis = (System.nanoTime() - started) / 1e6;
            return new Exchange(response.status().code(),
                    response.headers().contentType().map(Object::toString).orElse(""), text, millis, null,
                    response.headers().first(HeaderNames.create("Idempotent-Replayed")).map("true"::equalsIgnoreCase)
                            .orElse(false));
        } catch (RuntimeException e) {
            double millis = (System.nanoTime() - started) / 1e6;
            boolean timedOut = millis >= timeout.toMillis() || e.getCause() instanceof java.net.SocketTimeoutException;
            return new Exchange(0, "", "", millis, timedOut ? "timeout" : "connection: " + e, false);
        }
    }
}
