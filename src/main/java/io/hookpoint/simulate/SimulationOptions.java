package io.hookpoint.simulate;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code simulate}, read from the command line.
 *
 * @param url           the webhook's URL (per-customer, or the batch URL with {@code batchSize})
 * @param user          Basic auth user
 * @param password      Basic auth password (read from a file, never from the command line)
 * @param checkUrl      the credential-test URL, when there is one
 * @param customers     how many synthetic customers the campaign has
 * @param concurrency   requests in flight at most (Bloomreach's default is 200)
 * @param batchSize     0 for a per-customer webhook, else customers per batch request (1..1000)
 * @param timeScale     factor on Bloomreach's retry delays (1 = real time, 0.01 = 100 times faster)
 * @param timeout       how long a request may take before it counts as timed out (Bloomreach: 10 s)
 * @param trustCert     PEM certificates to trust instead of the JVM's CAs (a self-signed or dev one)
 * @param json          where to write the report as JSON
 * @param badDataEvery  every n-th customer has unusable data (0 = none)
 * @param duplicateEvery every n-th delivered request is sent again with the same key (0 = none)
 * @param abortAfter    unrecoverable errors after which the remaining customers are aborted
 * @param seed          the seed of the retry jitter
 * @param progress      whether to print progress to standard error
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
                                boolean progress) {

    /** The usage text. */
    public static final String USAGE = """
            usage: java -jar hookpoint.jar simulate --url URL --user USER --password-file FILE [options]

            Plays Bloomreach Engagement against a webhook endpoint and prints a conformance report.
              --url URL              the webhook URL (with --batch-size: the batch URL)
              --user USER            Basic auth user
              --password-file FILE   file holding the password (first line)
              --check-url URL        credential-test URL (default: <prefix>/auth/check when the URL
                                     ends in /sms or /sms/batch; otherwise the check is skipped)
              --customers N          synthetic customers (default 10000)
              --concurrency N        requests in flight (default 200, Bloomreach's default)
              --batch-size N         send batches of N customers (1..1000) instead of one per request
              --time-scale F         factor on the 7/45/300 s retry delays (default 1; 0.01 = 100x faster)
              --timeout SECONDS      request timeout (default 10, as Bloomreach)
              --trust-cert FILE      trust these PEM certificates instead of the JVM's CAs
              --json FILE            also write the report as JSON
              --bad-data-every N     every N-th customer has unusable data (default 20; 0 = none)
              --duplicate-every N    every N-th delivered request is sent again (default 10; 0 = none)
              --abort-after N        unrecoverable errors before the rest is aborted (default 100)
              --seed N               seed of the retry jitter (default 1)
              --quiet                no progress lines
            Exit code: 0 when every requirement passes, 1 when one fails, 2 on a usage error.
            """;

    /** A command line that cannot be used. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Reads the options.
     *
     * @param args the arguments after {@code simulate}
     * @return the options
     * @throws UsageException when an option is missing, unknown or out of range
     */
    public static SimulationOptions parse(List<String> args) throws UsageException {
        URI url = null;
        String user = null;
        Path passwordFile = null;
        URI checkUrl = null;
        int customers = 10_000;
        int concurrency = 200;
        int batchSize = 0;
        double timeScale = 1;
        Duration timeout = Duration.ofSeconds(10);
        Path trustCert = null;
        Path json = null;
        int badDataEvery = 20;
        int duplicateEvery = 10;
        int abortAfter = 100;
        long seed = 1;
        boolean progress = true;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--quiet")) {
                progress = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
            case "--url" -> url = uri(option, value);
            case "--user" -> user = value;
            case "--password-file" -> passwordFile = Path.of(value);
            case "--check-url" -> checkUrl = uri(option, value);
            case "--customers" -> customers = number(option, value, 1, 100_000_000);
            case "--concurrency" -> concurrency = number(option, value, 1, 10_000);
            case "--batch-size" -> batchSize = number(option, value, 1, 1000);
            case "--time-scale" -> timeScale = fraction(option, value);
            case "--timeout" -> timeout = Duration.ofMillis(Math.round(fraction(option, value) * 1000));
            case "--trust-cert" -> trustCert = Path.of(value);
            case "--json" -> json = Path.of(value);
            case "--bad-data-every" -> badDataEvery = number(option, value, 0, Integer.MAX_VALUE);
            case "--duplicate-every" -> duplicateEvery = number(option, value, 0, Integer.MAX_VALUE);
            case "--abort-after" -> abortAfter = number(option, value, 1, Integer.MAX_VALUE);
            case "--seed" -> seed = number(option, value, 0, Integer.MAX_VALUE);
            default -> throw new UsageException("unknown option " + option);
            }
        }
        if (url == null || user == null || passwordFile == null) {
            throw new UsageException("--url, --user and --password-file are required");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new UsageException("--timeout must be positive");
        }
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UsageException("cannot read --password-file " + passwordFile + ": " + e.getMessage());
        }
        if (trustCert != null && !Files.isReadable(trustCert)) {
            throw new UsageException("cannot read --trust-cert " + trustCert);
        }
        Optional<URI> check = checkUrl != null ? Optional.of(checkUrl) : derivedCheckUrl(url);
        return new SimulationOptions(url, user, password, check,
                customers, concurrency, batchSize, timeScale, timeout, Optional.ofNullable(trustCert),
                Optional.ofNullable(json), badDataEvery, duplicateEvery, abortAfter, seed, progress);
    }

    /** Whether the webhook is a batch webhook. */
    public boolean batches() {
        return batchSize > 0;
    }

    // Hookpoint's layout: <prefix>/sms, <prefix>/sms/batch and <prefix>/auth/check
    private static Optional<URI> derivedCheckUrl(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        for (String suffix : List.of("/sms/batch", "/sms")) {
            if (path.endsWith(suffix)) {
                return Optional.of(url.resolve(path.substring(0, path.length() - suffix.length()) + "/auth/check"));
            }
        }
        return Optional.empty();
    }

    private static URI uri(String option, String value) throws UsageException {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new UsageException(option + " must be an http(s) URL: " + value);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " is not a URL: " + value);
        }
    }

    private static int number(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UsageException(option + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number: " + value);
        }
    }

    private static double fraction(String option, String value) throws UsageException {
        try {
            double d = Double.parseDouble(value);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new UsageException(option + " must be a number >= 0");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number: " + value);
        }
    }
}
