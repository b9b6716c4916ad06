package io.hookpoint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code BENCH_JFR=dir}: a JFR recording (the JDK's "profile" settings) of one phase of the last round of
 * a scenario, written to {@code dir/<scenario>-<phase>.jfr}; summarise with {@code jfr view hot-methods}.
 * Without BENCH_JFR nothing is recorded.
 */
final class Profile {
    private static final String DIR = System.getenv("BENCH_JFR");

    private final Recording recording;
    private final Path file;

    private Profile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profile start(String scenario, String phase) throws IOException {
        if (DIR == null || scenario == null || scenario.equals(Bench.BARE)) {
            return new Profile(null, null);
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            // a sample every millisecond: the default 10-20 ms gives too few on a busy machine
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.start();
            String name = scenario.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "") + "-" + phase + ".jfr";
            return new Profile(recording, Files.createDirectories(Path.of(DIR)).resolve(name));
        } catch (ParseException e) {
            throw new IOException(e);
        }
    }

    void stop() throws IOException {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
        }
    }
}
