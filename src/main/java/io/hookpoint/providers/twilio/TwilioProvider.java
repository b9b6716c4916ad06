package io.hookpoint.providers.twilio;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.Provider;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/** Twilio Programmable Messaging: {@code HOOKPOINT_GATEWAY_TYPE=twilio}, settings {@code HOOKPOINT_TWILIO_*}. */
public final class TwilioProvider implements Provider {

    @Override
    public String name() {
        return TwilioAnswers.PROVIDER;
    }

    @Override
    public SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl) {
        return new TwilioGateway(TwilioSettings.from(node).requireForSending(), common.connectTimeout(),
                common.readTimeout(), callbackUrl);
    }

    @Override
    public Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new TwilioReportReader(TwilioSettings.from(node).authToken()));
    }

    @Override
    public Optional<InboundReader> inboundReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new TwilioInboundReader(TwilioSettings.from(node).authToken()));
    }
}
