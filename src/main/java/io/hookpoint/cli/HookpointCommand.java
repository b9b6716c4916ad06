package io.hookpoint.cli;

import java.util.concurrent.Callable;

import io.hookpoint.auth.HashPasswordCommand;
import io.hookpoint.lab.LabCommand;
import io.hookpoint.simulate.SimulateCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code java -jar hookpoint.jar [serve | hash-password | simulate | lab | requeue] ...}: the command line; serving is the
 * default, so a bare {@code java -jar hookpoint.jar} starts the service. Usage errors exit 2.
 */
@Command(name = "hookpoint", mixinStandardHelpOptions = true, versionProvider = HookpointCommand.Version.class,
        description = {"HTTPS endpoint for Bloomreach webhooks that sends SMS.",
                "Without a command: serve (configured by application.yaml and environment variables)."})
public final class HookpointCommand implements Callable<Integer> {
    private final ServeCommand serve;

    private HookpointCommand(ServeCommand serve) {
        this.serve = serve;
    }

    /**
     * The command line with its subcommands.
     *
     * @param serve the {@code serve} command (also what runs without a command)
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine create(ServeCommand serve) {
        CommandLine cli = new CommandLine(new HookpointCommand(serve))
                .addSubcommand(serve)
                .addSubcommand(new HashPasswordCommand())
                .addSubcommand(new SimulateCommand())
                .addSubcommand(new LabCommand())
                .addSubcommand(new RequeueCommand());
        // arguments are passed on as typed: "@file" is not expanded
        cli.setExpandAtFiles(false);
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        return serve.call();
    }

    /** The version of the jar's manifest ({@code Implementation-Version}). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HookpointCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hookpoint " + (version == null ? "(development build)" : version)};
        }
    }
}
