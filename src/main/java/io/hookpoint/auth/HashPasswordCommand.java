package io.hookpoint.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar hookpoint.jar hash-password}: reads a password (the first line of standard input,
 * or a hidden prompt on a terminal) and prints the hash to put into {@code HOOKPOINT_USERS}.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Reads a password (a hidden prompt on a terminal, else the first line of standard input)"
                + " and prints its hash for HOOKPOINT_USERS (login:hash,...).",
                "Exit code: 0 hash printed, 2 no password."})
public final class HashPasswordCommand implements Callable<Integer> {
    private final InputStream in;
    @Spec
    private CommandSpec spec;

    /** The command reading {@link System#in}. */
    public HashPasswordCommand() {
        this(System.in);
    }

    /**
     * The command reading another stream (when no terminal is attached).
     *
     * @param in where the password comes from
     */
    public HashPasswordCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        char[] password;
        Console console = System.console();
        if (in == System.in && isTerminal(console)) {
            password = console.readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            err.println("hash-password: no password on standard input");
            err.flush();
            return 2;
        }
        out.println(PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS).encoded());
        out.flush();
        return 0;
    }

    // Console.isTerminal() exists from Java 22 on, where System.console() is no longer null for pipes
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
