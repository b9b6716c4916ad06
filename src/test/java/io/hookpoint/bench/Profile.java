package io.hookpoint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import one.profiler.AsyncProfiler;

/**
 * Profiles one phase of the last round of a scenario. {@code BENCH_JFR=dir}: a JFR recording (the JDK's
 * "profile" settings, Java samples every millisecond) written to {@code dir/<scenario>-<phase>.jfr}, summarised
 * with {@link ProfileSummary}. {@code BENCH_ASYNC=dir}: an async-profiler CPU profile of every thread of the
 * process (Java, SQLite's C code, the kernel, the collector, the JIT compilers) as collapsed stacks in
 * {@code dir/<scenario>-<phase>.collapsed}, summarised with {@link NativeProfileSummary}. Without either,
 * nothing is recorded.
 */
final class Profile {
    private static final String JFR_DIR = System.getenv("BENCH_JFR");
    private static final String ASYNC_DIR = System.getenv("BENCH_ASYNC");

    private final Recording recording;
    private final Path jfrFile;
    private final Path asyncFile;

    private Profile(Recording recording, Path jfrFile, Path asyncFile) {
        this.recording = recording;
        this.jfrFile = jfrFile;
        this.asyncFile = asyncFile;
    }

    static Profile start(String scenario, String phase) throws IOException {
        if (scenario == null || scenario.equals(Bench.BARE)) {
            return new Profile(null, null, null);
        }
        String name = scenario.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "") + "-" + phase;
        Recording recording = null;
        Path jfrFile = null;
        if (JFR_DIR != null) {
            try {
                recording = new Recording(Configuration.getConfiguration("profile"));
                // a sample every millisecond: the default 10-20 ms gives too few on a busy machine
                recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
                recording.start();
                jfrFile = Files.createDirectories(Path.of(JFR_DIR)).resolve(name + ".jfr");
            } catch (ParseException e) {
                throw new IOException(e);
            }
        }
        Path asyncFile = null;
        if (ASYNC_DIR != null) {
            asyncFile = Files.createDirectories(Path.of(ASYNC_DIR)).resolve(name + ".collapsed");
            // CPU time of every thread (perf_events' cpu-clock, or itimer where perf_events is refused), a sample
            // per millisecond of CPU, the thread's name as the root frame, native and kernel frames walked too
            AsyncProfiler.getInstance().execute("start,event=cpu,interval=1ms,threads,cstack=vm");
        }
        return new Profile(recording, jfrFile, asyncFile);
    }

    void stop() throws IOException {
        if (recording != null) {
            recording.stop();
            recording.dump(jfrFile);
            recording.close();
        }
        if (asyncFile != null) {
            AsyncProfiler.getInstance().execute("stop,collapsed,file=" + asyncFile);
        }
    }
}
