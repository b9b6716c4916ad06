package io.hookpoint;

import java.util.Arrays;

import io.hookpoint.auth.HashPasswordCommand;
import io.hookpoint.config.HookpointSettings;
import io.hookpoint.simulate.SimulateCommand;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import picocli.CommandLine;

/**
 * Starts Hookpoint, or runs one of its commands ({@code hash-password}, {@code simulate}).
 */
public final class Main {
    private Main() {
    }

    /**
     * Entry point.
     *
     * @param args none to serve; {@code hash-password} to hash a password read from standard input;
     *             {@code simulate ...} to play Bloomreach against an endpoint (see {@link SimulateCommand})
     * @throws Exception when start-up fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("hash-password")) {
            System.exit(HashPasswordCommand.run(System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("simulate")) {
            System.exit(new CommandLine(new SimulateCommand()).execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0) {
            System.err.println("Unknown command '" + args[0] + "'. Commands: hash-password, simulate");
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
        String base = "https://localhost:" + server.port() + Hookpoint.API_PREFIX;
        String curl = "curl --cacert " + settings.tlsCertificate()
                .orElse(settings.dataDirectory().resolve("tls/dev-cert.pem")) + " -u USER:PASSWORD";
        System.out.println("Hookpoint listens on " + base);
        System.out.println("  check credentials: " + curl + " " + base + "/auth/check");
        System.out.println("  send an SMS:       " + curl + " -H 'Content-Type: application/json'"
                + " -H 'Idempotency-Key: demo-1' -d '{\"to\":\"+420777123456\",\"text\":\"Hello\"}' "
                + base + "/sms");
    }
}
