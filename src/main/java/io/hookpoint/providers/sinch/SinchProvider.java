package io.hookpoint.providers.sinch;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.Provider;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/** Sinch's SMS REST API: {@code HOOKPOINT_GATEWAY_TYPE=sinch}, settings {@code HOOKPOINT_SINCH_*}. */
public final class SinchProvider implements Provider {

    @Override
    public String name() {
        return SinchAnswers.PROVIDER;
    }

    @Override
    public SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl) {
        SinchSettings settings = SinchSettings.from(node).requireForSending(callbackUrl.isPresent());
        return new SinchGateway(settings, common.connectTimeout(),
                common.readTimeout(), callbackUrl);
    }

    @Override
    public Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new SinchReportReader(SinchSettings.from(node).callbackToken()));
    }

    @Override
    public Optional<InboundReader> inboundReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new SinchInboundReader(SinchSettings.from(node).callbackToken()));
    }
}
