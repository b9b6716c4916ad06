package io.hookpoint.simulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObject;
import picocli.CommandLine;

/**
 * One run of {@code simulate} through its command-line entry, as a company's CI would run it: the
 * exit code, the printed report and the JSON report.
 *
 * @param exitCode the exit code
 * @param text     what it printed
 * @param json     the JSON report
 */
record SimulatorReport(int exitCode, String text, JsonObject json) {

    static SimulatorReport run(String url, String user, String password, Path trustCert, String... extra) {
        try {
            Path directory = Files.createTempDirectory("simulate");
            Path passwordFile = Files.writeString(directory.resolve("password"), password + "\n");
            Path json = directory.resolve("report.json");
            List<String> args = new ArrayList<>(List.of("--url", url, "--user", user, "--password-file",
                    passwordFile.toString(), "--trust-cert", trustCert.toString(), "--json", json.toString(), "--quiet"));
            args.addAll(List.of(extra));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine command = new CommandLine(new SimulateCommand());
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            int exit = command.execute(args.toArray(String[]::new));
            String text = out + err.toString();
            JsonObject report = Files.exists(json)
                    ? JsonBodies.parse(Files.readAllBytes(json)).asJsonObject() : JsonObject.EMPTY_JSON_OBJECT;
            return new SimulatorReport(exit, text, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonBodies.MalformedJsonException e) {
            throw new AssertionError("the JSON report is not JSON", e);
        }
    }

    /** Requirement id -> verdict. */
    Map<String, String> verdicts() {
        return json.getJsonArray("requirements").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(r -> r.getString("id"), r -> r.getString("verdict")));
    }

    String measured(String id) {
        return json.getJsonArray("requirements").getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("id").equals(id)).findFirst().orElseThrow().getString("measured");
    }

    long outcome(String name) {
        return json.getJsonObject("outcomes").getJsonNumber(name).longValue();
    }
}
