package io.hookpoint.providers;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.HttpGateway;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.InboundReader;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.HttpReportReader;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/**
 * The generic {@code http} gateway, for a user's own adapter; its settings stay in {@code hookpoint.gateway}
 * and {@code hookpoint.callback.token}, where they were before providers plugged in.
 */
final class HttpProvider implements Provider {

    @Override
    public String name() {
        return HttpGateway.PROVIDER;
    }

    @Override
    public SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl) {
        URI url = common.url().orElseThrow(() -> new IllegalArgumentException(
                "HOOKPOINT_GATEWAY_URL is required for the http gateway"));
        return new HttpGateway(url, Optional.of(common.authHeader()), common.authValue(), common.connectTimeout(),
                common.readTimeout(), callbackUrl);
    }

    @Override
    public Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new HttpReportReader(callbacks.token()));
    }

    @Override
    public Optional<InboundReader> inboundReader(Config node, CallbackSettings callbacks) {
        return Optional.of(new HttpInboundReader(new HttpReportReader(callbacks.token())));
    }
}
