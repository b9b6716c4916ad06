package io.hookpoint.providers;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/**
 * One SMS provider that Hookpoint can send through ({@code HOOKPOINT_GATEWAY_TYPE=<name>}): it builds its
 * sender from its own config node ({@code hookpoint.<name>}) and reads its delivery reports, posted to
 * {@code /callbacks/<name>/status}.
 */
public interface Provider {

    /** The provider's name: the gateway type, the config node under {@code hookpoint}, the callback path. */
    String name();

    /**
     * Builds the sender; called only for the provider that {@code HOOKPOINT_GATEWAY_TYPE} chooses, so its
     * required settings are checked here, at start.
     *
     * @param node        {@code hookpoint.<name>}
     * @param common      the settings every gateway shares (timeouts; the generic gateway's URL)
     * @param callbackUrl where the provider should report delivery, or empty without a public URL
     * @return the sender
     * @throws IllegalArgumentException with one line naming what is missing or wrong
     */
    SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl);

    /**
     * Builds the reader of this provider's delivery reports; called for every provider (a reader without
     * its credentials refuses every callback).
     *
     * @param node      {@code hookpoint.<name>}
     * @param callbacks the callback settings
     * @return the reader, or empty when the provider sends no reports
     */
    Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks);

    /**
     * Builds the reader of this provider's inbound-message webhook ({@code /callbacks/<name>/inbound}), which
     * authenticates as the report reader does; called for every provider.
     *
     * @param node      {@code hookpoint.<name>}
     * @param callbacks the callback settings
     * @return the reader, or empty when the provider forwards no replies
     */
    default Optional<InboundReader> inboundReader(Config node, CallbackSettings callbacks) {
        return Optional.empty();
    }
}
