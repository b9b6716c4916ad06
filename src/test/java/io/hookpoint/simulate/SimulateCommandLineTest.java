package io.hookpoint.simulate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The simulator's command line: {@code --help}, and every usage error exits 2 before any request is sent. */
class SimulateCommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void helpPrintsEveryOptionAndExitsZero() {
        assertThat(run("--help"), is(0));
        assertThat(out.toString(), containsString("Usage: simulate"));
        assertThat(out.toString(), containsString("--sends-per-customer"));
        assertThat(out.toString(), containsString("--naive-key"));
        assertThat(out.toString(), containsString("Exit code: 0 when every requirement passes"));
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertThat(run("--url", "https://localhost:1/api/v1/sms"), is(2));
        assertThat(err.toString(), containsString("Missing required options"));
        assertThat(err.toString(), containsString("Usage: simulate"));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("--url", "https://localhost:1/api/v1/sms", "--user", "u", "--password-file", "p", "--turbo"), is(2));
        assertThat(err.toString(), containsString("Unknown option: '--turbo'"));
    }

    @Test
    void aValueOutOfRangeOrOfTheWrongTypeIsAUsageError(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "secret\n");
        String[] base = {"--url", "https://localhost:1/api/v1/sms", "--user", "u", "--password-file", password.toString()};

        assertThat(run(concat(base, "--batch-size", "1001")), is(2));
        assertThat(err.toString(), containsString("--batch-size must be between 1 and 1000"));
        assertThat(run(concat(base, "--customers", "many")), is(2));
        assertThat(err.toString(), containsString("'many' is not an int"));
        assertThat(run(concat(base, "--timeout", "0")), is(2));
        assertThat(err.toString(), containsString("--timeout must be positive"));
        assertThat(run("--url", "ftp://localhost/x", "--user", "u", "--password-file", password.toString()), is(2));
        assertThat(err.toString(), containsString("--url must be an http(s) URL"));
        assertThat(run(concat(base, "--sends-per-customer", "0")), is(2));
        assertThat(err.toString(), containsString("--sends-per-customer must be between 1 and 100"));
    }

    @Test
    void anUnreadablePasswordFileIsAUsageError(@TempDir Path dir) {
        assertThat(run("--url", "https://localhost:1/api/v1/sms", "--user", "u",
                "--password-file", dir.resolve("missing").toString()), is(2));
        assertThat(err.toString(), containsString("cannot read --password-file"));
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
