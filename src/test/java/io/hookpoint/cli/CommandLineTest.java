package io.hookpoint.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import io.hookpoint.config.HookpointConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: help on every command, usage errors exit 2 and start nothing. */
class CommandLineTest {

    private record Run(int code, String out, String err, ServeCommand serve) {
    }

    private static Run run(String... args) {
        // a configuration that cannot start (a certificate without its key), refused before any file is
        // touched: if anything tried to serve, it would exit 2 with nothing on picocli's error stream
        ServeCommand serve = new ServeCommand(new PrintStream(PrintStream.nullOutputStream()),
                () -> HookpointConfig.of(Map.of("hookpoint.tls.cert", "/nonexistent/cert.pem")));
        CommandLine cli = HookpointCommand.create(serve);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString(), serve);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--help|serve, hash-password, simulate, --version",
            "serve --help|SERVER_PORT, HOOKPOINT_TLS_CERT, --help",
            "hash-password --help|HOOKPOINT_USERS, --help",
            "simulate --help|--url, --user, --password-file, --customers, --concurrency, --trust-cert"})
    void everyCommandHasHelpListingItsOptions(String args, String listed) {
        Run run = run(args.split(" "));

        assertThat(run.code()).as(run.err()).isZero();
        for (String option : listed.split(", ")) {
            assertThat(run.out()).contains(option);
        }
        assertThat(run.serve().serving()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "serve --bogus", "hash-password --bogus", "no-such-command",
            "serve extra"})
    void usageErrorsExit2WithoutServing(String args) {
        Run run = run(args.split(" "));

        assertThat(run.code()).isEqualTo(2);
        String[] words = args.split(" ");
        assertThat(run.err()).as("names what is wrong").contains(words[words.length - 1]);
        assertThat(run.serve().serving()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate --bogus", "simulate"})
    void theSimulatorsOwnUsageErrorsExit2(String args) {
        assertThat(run(args.split(" ")).code()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void theVersionIsPrinted(String option) {
        Run run = run(option);

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("hookpoint ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve"})
    void servingIsTheDefaultAndAWrongSettingExits2(String args) {
        Run run = args.isEmpty() ? run() : run(args);

        assertThat(run.code()).isEqualTo(StartupFailure.CONFIGURATION);
        assertThat(run.err()).as("not a usage error").isEmpty();
        assertThat(run.serve().serving()).isFalse();
    }
}
