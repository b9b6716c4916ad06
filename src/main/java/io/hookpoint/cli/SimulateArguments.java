package io.hookpoint.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.hookpoint.simulate.SimulateCommand;
import io.hookpoint.simulate.SimulationOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code simulate ...}: hands its arguments unparsed to the simulator, which parses them itself. A stop-gap
 * until the simulator's options are a picocli command of their own (then this class goes).
 */
@Command(name = "simulate", description = "Plays Bloomreach Engagement against a webhook endpoint and prints a "
        + "conformance report (simulate --help lists the options).")
final class SimulateArguments implements Callable<Integer> {
    @Unmatched
    private List<String> arguments = new ArrayList<>();
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            spec.commandLine().getOut().print(SimulationOptions.USAGE);
            spec.commandLine().getOut().flush();
            return 0;
        }
        return SimulateCommand.run(arguments, System.out, System.err);
    }
}
