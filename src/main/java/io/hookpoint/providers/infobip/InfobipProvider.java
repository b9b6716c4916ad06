package io.hookpoint.providers.infobip;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.providers.Provider;
import io.hookpoint.reports.CallbackSecret;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/** Infobip SMS: {@code HOOKPOINT_GATEWAY_TYPE=infobip}, settings {@code HOOKPOINT_INFOBIP_*}. */
public final class InfobipProvider implements Provider {

    @Override
    public String name() {
        return InfobipAnswers.PROVIDER;
    }

    @Override
    public SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl) {
        InfobipSettings settings = InfobipSettings.from(node).requireForSending(callbackUrl.isPresent());
        return new InfobipGateway(settings, common.connectTimeout(), common.readTimeout(), callbackUrl,
                new CallbackSecret(settings.callbackToken()));
    }

    @Override
    public Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new InfobipReportReader(new CallbackSecret(InfobipSettings.from(node).callbackToken())));
    }

    @Override
    public Optional<InboundReader> inboundReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new InfobipInboundReader(new CallbackSecret(InfobipSettings.from(node).callbackToken())));
    }
}
