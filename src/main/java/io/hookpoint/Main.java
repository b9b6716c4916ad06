package io.hookpoint;

import io.hookpoint.auth.HashPasswordCommand;
import io.hookpoint.config.HookpointSettings;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

/**
 * Starts Hookpoint, or runs one of its commands ({@code hash-password}).
 */
public final class Main {
    private Main() {
    }

    /**
     * Entry point.
     *
     * @param args none to serve; {@code hash-password} to hash a password read from standard input
     * @throws Exception when start-up fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("hash-password")) {
            System.exit(HashPasswordCommand.run(System.out, System.err));
        }
        if (args.length > 0) {
            System.err.println("Unknown command '" + args[0] + "'. Commands: hash-password");
            System.exit(2);
        }
        LogConfig.configureRuntime();
        HookpointSettings settings = HookpointSettings.from(Config.create());
        Hookpoint hookpoint = Hookpoint.create(settings, System.out);
        WebServer server = hookpoint.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            hookpoint.close();
        }, "hookpoint-shutdown"));
        System.out.printf("Hookpoint listens on https://localhost:%d%s%n", server.port(), Hookpoint.API_PREFIX);
        System.out.printf("  try: curl --cacert %s -u USER:PASSWORD https://localhost:%d%s/auth/check%n",
                settings.tlsCertificate().orElse(settings.dataDirectory().resolve("tls/dev-cert.pem")),
                server.port(), Hookpoint.API_PREFIX);
    }
}
