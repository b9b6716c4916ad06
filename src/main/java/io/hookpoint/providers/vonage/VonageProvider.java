package io.hookpoint.providers.vonage;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.Provider;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/** Vonage's SMS API: {@code HOOKPOINT_GATEWAY_TYPE=vonage}, settings {@code HOOKPOINT_VONAGE_*}. */
public final class VonageProvider implements Provider {

    @Override
    public String name() {
        return VonageAnswers.PROVIDER;
    }

    @Override
    public SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl) {
        VonageSettings settings = VonageSettings.from(node).requireForSending(callbackUrl.isPresent());
        return new VonageGateway(settings, common.connectTimeout(),
                common.readTimeout(), callbackUrl);
    }

    @Override
    public Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks) {
        VonageSettings settings = VonageSettings.from(node);
        return Optional.of(new VonageReportReader(settings.signatureSecret(), settings.signatureMethod(),
                Clock.systemUTC()));
    }

    @Override
    public Optional<InboundReader> inboundReader(Config node, CallbackSettings callbacks) {
        VonageSettings settings = VonageSettings.from(node);
        return Optional.of(new VonageInboundReader(settings.signatureSecret(), settings.signatureMethod(),
                Clock.systemUTC()));
    }
}
