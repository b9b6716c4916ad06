package io.hookpoint.providers;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.LogGateway;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.ReportReader;

import io.helidon.config.Config;

/** The embedded default {@code log}: a log line per message, no reports. */
final class LogProvider implements Provider {

    @Override
    public String name() {
        return "log";
    }

    @Override
    public SmsGateway gateway(Config node, GatewaySettings common, Optional<URI> callbackUrl) {
        return new LogGateway();
    }

    @Override
    public Optional<ReportReader> reportReader(Config node, CallbackSettings callbacks) {
        return Optional.empty();
    }
}
