package io.hookpoint.simulate;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLSession;

import io.hookpoint.simulate.EndpointClient.Exchange;

/**
 * The checks made before the campaign: the TLS handshake as Bloomreach makes it, the answers without
 * and with wrong credentials, and the credential test with an empty body.
 */
final class Probes {
    private final SimulationOptions options;
    private final EndpointClient client;
    private final SyntheticCustomers customers;

    /**
     * The TLS handshake.
     *
     * @param ok          whether it succeeded with the certificate verified and matching the host
     * @param protocol    the TLS version, or null
     * @param description what was seen, or why it failed
     */
    record Handshake(boolean ok, String protocol, String description) {
    }

    Probes(SimulationOptions options, EndpointClient client, SyntheticCustomers customers) {
        this.options = options;
        this.client = client;
        this.customers = customers;
    }

    Handshake handshake() {
        URI url = options.url();
        if (!url.getScheme().equals("https")) {
            return new Handshake(false, null, "the URL is plain http: Bloomreach needs HTTPS");
        }
        try {
            SSLSession session = client.handshake(url);
            X509Certificate certificate = (X509Certificate) session.getPeerCertificates()[0];
            long days = Duration.between(Instant.now(), certificate.getNotAfter().toInstant()).toDays();
            return new Handshake(true, session.getProtocol(), session.getProtocol() + ", " + session.getCipherSuite()
                    + ", certificate " + certificate.getSubjectX500Principal().getName() + " valid for " + url.getHost()
                    + ", expires in " + days + " days");
        } catch (IOException e) {
            return new Handshake(false, null, "handshake with " + url.getHost() + " failed: " + e.getMessage());
        }
    }

    /** A request with no Authorization header at all. */
    Exchange withoutCredentials() {
        return client.post(options.url(), null, probeKey("no-credentials"), probeBody());
    }

    /** A request with the right user and a wrong password. */
    Exchange withWrongCredentials() {
        return client.post(options.url(), EndpointClient.basic(options.user(), "wrong-" + UUID.randomUUID()),
                probeKey("wrong-credentials"), probeBody());
    }

    /** The credential test: the right credentials and an empty body. */
    Exchange credentialTest(URI checkUrl) {
        return client.post(checkUrl, EndpointClient.basic(options.user(), options.password()), null, "");
    }

    private String probeKey(String what) {
        return "sim-probe-" + what + "-" + UUID.randomUUID();
    }

    private String probeBody() {
        List<SyntheticCustomers.Customer> one = List.of(customers.customer(1));
        return options.batches() ? customers.batchBody(one) : customers.body(one.getFirst());
    }
}
