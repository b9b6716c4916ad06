package io.hookpoint.simulate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The options of one {@code simulate} run, checked and complete (read from the command line by
 * {@link SimulateCommand}).
 *
 * @param url              the webhook's URL (per-customer, or the batch URL with {@code batchSize})
 * @param user             Basic auth user
 * @param password         Basic auth password (read from a file, never from the command line)
 * @param checkUrl         the credential-test URL, when there is one
 * @param customers        how many synthetic customers the campaign has
 * @param concurrency      requests in flight at most (Bloomreach's default is 200)
 * @param batchSize        0 for a per-customer webhook, else customers per batch request (1..1000)
 * @param timeScale        factor on Bloomreach's retry delays (1 = real time, 0.01 = 100 times faster)
 * @param timeout          how long a request may take before it counts as timed out (Bloomreach: 10 s)
 * @param trustCert        PEM certificates to trust instead of the JVM's CAs (a self-signed or dev one)
 * @param json             where to write the report as JSON
 * @param badDataEvery     every n-th customer has unusable data (0 = none)
 * @param duplicateEvery   every n-th delivered request is sent again with the same key (0 = none)
 * @param abortAfter       unrecoverable errors after which the remaining customers are aborted
 * @param seed             the seed of the retry jitter
 * @param progress         whether to print progress to standard error
 * @param sendsPerCustomer how many messages each customer gets (the campaign passes them that often)
 * @param keys             how the webhook template builds the idempotency key
 */
public record SimulationOptions(URI url,
                                String user,
                                String password,
                                Optional<URI> checkUrl,
                                int customers,
                                int concurrency,
                                int batchSize,
                                double timeScale,
                                Duration timeout,
                                Optional<Path> trustCert,
                                Optional<Path> json,
                                int badDataEvery,
                                int duplicateEvery,
                                int abortAfter,
                                long seed,
                                boolean progress,
                                int sendsPerCustomer,
                                KeyTemplate keys) {

    /** How the template builds the key (see docs/bloomreach-setup.md). */
    public enum KeyTemplate {
        /** scenario, action, customer and the triggering event: a new key for every send. */
        PER_SEND,
        /** scenario, action and customer only: a second send to the same customer reuses the first key. */
        NAIVE
    }

    /** Whether the webhook is a batch webhook. */
    public boolean batches() {
        return batchSize > 0;
    }

    /**
     * The credential-test URL of Hookpoint's layout ({@code <prefix>/sms}, {@code <prefix>/sms/batch},
     * {@code <prefix>/auth/check}).
     *
     * @param url the webhook URL
     * @return the check URL, or empty when the URL does not follow that layout
     */
    static Optional<URI> derivedCheckUrl(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        for (String suffix : List.of("/sms/batch", "/sms")) {
            if (path.endsWith(suffix)) {
                return Optional.of(url.resolve(path.substring(0, path.length() - suffix.length()) + "/auth/check"));
            }
        }
        return Optional.empty();
    }
}
