package io.hookpoint.optout;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.observe.ServiceMetrics;
import io.hookpoint.store.Store;
import io.hookpoint.web.Answers;
import io.hookpoint.web.RequestBodies;

import io.helidon.config.Config;
import io.helidon.webserver.http.Handler;

/**
 * Opt-outs, assembled: the suppression list (checked by acceptance and the dispatcher), the providers'
 * inbound webhooks that change it, and the operators' admin API.
 */
public final class OptOuts implements AutoCloseable {
    private final Suppressions suppressions;
    private final InboundEndpoint inbound;
    private final SuppressionsEndpoint admin;

    private OptOuts(Suppressions suppressions, InboundEndpoint inbound, SuppressionsEndpoint admin) {
        this.suppressions = suppressions;
        this.inbound = inbound;
        this.admin = admin;
    }

    /**
     * Builds opt-outs from {@code hookpoint.optout}.
     *
     * @param node      {@code hookpoint.optout}
     * @param store     the store
     * @param consents  what an opt-out or opt-in also writes
     * @param readers   each provider's inbound reader
     * @param bodies    the body limit
     * @param answers   writes the answers
     * @param publicUrl this service's public base URL, or empty
     * @param clock     the time source
     * @return the feature, the list loaded
     * @throws IllegalArgumentException with one line naming a wrong setting
     */
    public static OptOuts from(Config node, Store store, ConsentChanges consents, List<InboundReader> readers,
                               RequestBodies bodies, Answers answers, Optional<URI> publicUrl, Clock clock) {
        OptOutSettings settings = OptOutSettings.from(node);
        Suppressions suppressions = new Suppressions(store, consents, settings.refresh(), clock);
        return new OptOuts(suppressions,
                new InboundEndpoint(readers, suppressions, settings.keywords(), bodies, answers, publicUrl),
                new SuppressionsEndpoint(suppressions, bodies, answers));
    }

    /** What acceptance and the dispatcher check. */
    public OptOutGuard guard() {
        return suppressions;
    }

    /** The suppression list. */
    public Suppressions suppressions() {
        return suppressions;
    }

    /** The handlers of the inbound webhooks and the admin API, by operation id. */
    public Map<String, Handler> handlers() {
        Map<String, Handler> handlers = new HashMap<>(inbound.handlers());
        handlers.putAll(admin.handlers());
        return handlers;
    }

    /**
     * Registers the metrics.
     *
     * @param metrics the service's metrics
     */
    public void registerMetrics(ServiceMetrics metrics) {
        metrics.count("hookpoint.optout.refused", "Requests refused because the recipient opted out (1012)",
                suppressions::refused);
        metrics.count("hookpoint.optout.withheld",
                "Accepted messages not sent because the recipient opted out before delivery", suppressions::withheld);
        metrics.count("hookpoint.optout.optouts", "Numbers put on the suppression list by this instance",
                suppressions::optOuts);
        metrics.count("hookpoint.optout.optins", "Numbers taken off the suppression list by this instance",
                suppressions::optIns);
        metrics.gauge("hookpoint.optout.suppressed", "Numbers on the suppression list", suppressions::size);
    }

    /** Starts following other instances' changes (PostgreSQL). */
    public void start() {
        suppressions.start();
    }

    @Override
    public void close() {
        suppressions.close();
    }
}
