package io.hookpoint;

import io.hookpoint.cli.HookpointCommand;
import io.hookpoint.cli.ServeCommand;

/**
 * Starts Hookpoint, or runs one of its commands ({@code serve}, the default; {@code hash-password};
 * {@code simulate}).
 */
public final class Main {
    private Main() {
    }

    /**
     * Entry point.
     *
     * @param args a command and its options; none to serve ({@code --help} lists them)
     */
    public static void main(String[] args) {
        ServeCommand serve = new ServeCommand(System.out);
        int code = HookpointCommand.create(serve).execute(args);
        // while serving, the server's threads keep the process alive until it is stopped
        if (!serve.serving()) {
            System.exit(code);
        }
    }
}
