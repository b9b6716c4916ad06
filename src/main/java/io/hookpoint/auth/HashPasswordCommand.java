package io.hookpoint.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar hookpoint.jar hash-password}: reads a password (the first line of standard input,
 * or a hidden prompt on a terminal) and prints the hash to put into {@code HOOKPOINT_USERS}.
 */
public final class HashPasswordCommand {
    private HashPasswordCommand() {
    }

    /**
     * Runs the command.
     *
     * @param out where the hash goes
     * @param err where messages go
     * @return the process exit code
     * @throws IOException when standard input cannot be read
     */
    public static int run(PrintStream out, PrintStream err) throws IOException {
        char[] password;
        Console console = System.console();
        if (isTerminal(console)) {
            password = console.readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            err.println("hash-password: no password on standard input");
            return 2;
        }
        out.println(PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS).encoded());
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
