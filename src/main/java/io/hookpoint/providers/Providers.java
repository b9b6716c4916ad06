package io.hookpoint.providers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.infobip.InfobipProvider;
import io.hookpoint.providers.sinch.SinchProvider;
import io.hookpoint.providers.twilio.TwilioProvider;
import io.hookpoint.providers.vonage.VonageProvider;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/**
 * The providers Hookpoint knows, by name: picks the gateway that {@code HOOKPOINT_GATEWAY_TYPE} names and
 * gives every provider's report reader to the callback endpoint. A new provider is one more entry here.
 */
public final class Providers {
    private final Map<String, Provider> byName = new LinkedHashMap<>();

    /**
     * A registry of the given providers.
     *
     * @param providers the providers, each with its own name
     */
    public Providers(List<Provider> providers) {
        providers.forEach(provider -> {
            if (byName.putIfAbsent(provider.name(), provider) != null) {
                throw new IllegalArgumentException("Two providers are named " + provider.name());
            }
        });
    }

    /** Every provider of this version: log, http, twilio, vonage, infobip, sinch. */
    public static Providers standard() {
        return new Providers(List.of(new LogProvider(), new HttpProvider(), new TwilioProvider(),
                new VonageProvider(), new InfobipProvider(), new SinchProvider()));
    }

    /** The names, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The gateway of the configured type.
     *
     * @param hookpoint the {@code hookpoint} config node
     * @param common    the common gateway settings ({@code hookpoint.gateway})
     * @param callbacks the callback settings (the public URL)
     * @return the gateway
     * @throws IllegalArgumentException for an unknown type, or when the provider's settings are incomplete
     */
    public SmsGateway gateway(Config hookpoint, GatewaySettings common, CallbackSettings callbacks) {
        Provider provider = byName.get(common.type());
        if (provider == null) {
            throw new IllegalArgumentException("HOOKPOINT_GATEWAY_TYPE must be one of " + String.join(", ", names())
                    + ", is '" + common.type() + "'");
        }
        return provider.gateway(hookpoint.get(provider.name()), common, callbacks.callbackUrl(provider.name()));
    }

    /**
     * Every provider's report reader, whichever gateway sends (reports of an earlier provider may still come).
     *
     * @param hookpoint the {@code hookpoint} config node
     * @param callbacks the callback settings
     * @return the readers
     */
    public List<ReportReader> reportReaders(Config hookpoint, CallbackSettings callbacks) {
        List<ReportReader> readers = new ArrayList<>();
        byName.values().forEach(provider -> provider.reportReader(hookpoint.get(provider.name()), callbacks)
                .ifPresent(readers::add));
        return readers;
    }

    /**
     * Every provider's inbound-message reader (replies may come through any provider ever used).
     *
     * @param hookpoint the {@code hookpoint} config node
     * @param callbacks the callback settings
     * @return the readers
     */
    public List<InboundReader> inboundReaders(Config hookpoint, CallbackSettings callbacks) {
        List<InboundReader> readers = new ArrayList<>();
        byName.values().forEach(provider -> provider.inboundReader(hookpoint.get(provider.name()), callbacks)
                .ifPresent(readers::add));
        return readers;
    }
}
