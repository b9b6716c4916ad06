package io.hookpoint.bloomreach;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.sms.SmsStatus;

import io.helidon.config.Config;

/**
 * The settings of the events sent back to Bloomreach ({@code hookpoint.bloomreach},
 * {@code HOOKPOINT_BLOOMREACH_*}); off while {@code HOOKPOINT_BLOOMREACH_API_URL} is empty.
 *
 * @param apiUrl         the instance's API base ({@code https://api.exponea.com}), or empty: no events
 * @param projectToken   the project's token
 * @param keyId          the private API key's id (Basic user)
 * @param secret         the private API key's secret (Basic password)
 * @param eventType      the event type of a status change ({@code campaign})
 * @param customerIdType the customer id the request's {@code customer_id} is ({@code registered})
 * @param statuses       the statuses that become events
 * @param consentCategory the consent category an opt-out rejects and an opt-in accepts, or empty: no
 *                       consent events
 * @param rate           batch calls per second
 * @param attempts       tries of an event before it is kept as failed
 * @param backoff        the first wait after a failed call, doubled each time
 * @param maxBackoff     the longest wait
 * @param lease          how long a claimed batch is the exporter's
 * @param timeout        the longest wait for a connection and for an answer
 * @param poll           how often the outbox is looked at when idle
 * @param trust          a PEM file of certificates to trust instead of the JVM's, or empty
 */
public record BloomreachSettings(Optional<URI> apiUrl, String projectToken, String keyId, String secret,
                                 String eventType, String customerIdType, Set<SmsStatus> statuses,
                                 Optional<String> consentCategory, double rate,
                                 int attempts, Duration backoff, Duration maxBackoff, Duration lease,
                                 Duration timeout, Duration poll, Optional<Path> trust) {
    private static final Set<SmsStatus> EXPORTABLE = Set.of(SmsStatus.SENT, SmsStatus.DELIVERED,
            SmsStatus.UNDELIVERED, SmsStatus.FAILED);

    /**
     * Reads and checks the settings.
     *
     * @param node {@code hookpoint.bloomreach}
     * @return the settings
     * @throws IllegalArgumentException with one line naming what is missing or wrong
     */
    public static BloomreachSettings from(Config node) {
        Optional<URI> url = HookpointConfig.optional(node.get("api.url")).map(u -> URI.create(u.replaceAll("/+$", "")));
        BloomreachSettings settings = new BloomreachSettings(url,
                HookpointConfig.optional(node.get("project.token")).orElse(""),
                HookpointConfig.optional(node.get("api.key.id")).orElse(""),
                HookpointConfig.optional(node.get("api.secret")).orElse(""),
                node.get("event.type").asString().get().strip(),
                node.get("customer.id.type").asString().get().strip(),
                statuses(node.get("statuses").asString().get()),
                HookpointConfig.optional(node.get("consent.category")).map(String::strip),
                node.get("rate").asDouble().get(),
                node.get("attempts").asInt().get(),
                node.get("backoff.initial").as(Duration.class).get(),
                node.get("backoff.max").as(Duration.class).get(),
                node.get("lease").as(Duration.class).get(),
                node.get("timeout").as(Duration.class).get(),
                node.get("poll").as(Duration.class).get(),
                HookpointConfig.optional(node.get("trust")).map(Path::of));
        return settings.check();
    }

    /** Whether events go to Bloomreach. */
    public boolean enabled() {
        return apiUrl.isPresent();
    }

    private BloomreachSettings check() {
        if (apiUrl.isEmpty()) {
            return this;
        }
        URI url = apiUrl.get();
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
            throw new IllegalArgumentException("HOOKPOINT_BLOOMREACH_API_URL must be an absolute https URL, is " + url);
        }
        List<String> missing = new ArrayList<>();
        if (projectToken.isBlank()) {
            missing.add("HOOKPOINT_BLOOMREACH_PROJECT_TOKEN");
        }
        if (keyId.isBlank()) {
            missing.add("HOOKPOINT_BLOOMREACH_API_KEY_ID");
        }
        if (secret.isBlank()) {
            missing.add("HOOKPOINT_BLOOMREACH_API_SECRET");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Events to Bloomreach (HOOKPOINT_BLOOMREACH_API_URL is set) need "
                    + String.join(", ", missing));
        }
        if (!projectToken.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("HOOKPOINT_BLOOMREACH_PROJECT_TOKEN must be letters, digits and '-'"
                    + " (the project token from Project settings > Access management > API)");
        }
        if (eventType.isEmpty() || customerIdType.isEmpty()) {
            throw new IllegalArgumentException("HOOKPOINT_BLOOMREACH_EVENT_TYPE and"
                    + " HOOKPOINT_BLOOMREACH_CUSTOMER_ID_TYPE must not be empty");
        }
        if (!(rate > 0) || rate > 1000) {
            throw new IllegalArgumentException("HOOKPOINT_BLOOMREACH_RATE must be calls per second, above 0, is "
                    + rate);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("HOOKPOINT_BLOOMREACH_ATTEMPTS must be at least 1, is " + attempts);
        }
        return this;
    }

    private static Set<SmsStatus> statuses(String list) {
        Set<SmsStatus> statuses = Arrays.stream(list.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .map(s -> {
                    try {
                        return SmsStatus.of(s);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                })
                .collect(Collectors.toSet());
        if (statuses.contains(null) || !EXPORTABLE.containsAll(statuses)) {
            throw new IllegalArgumentException("HOOKPOINT_BLOOMREACH_STATUSES must list some of sent, delivered,"
                    + " undelivered, failed, is '" + list + "'");
        }
        return Set.copyOf(statuses);
    }
}
