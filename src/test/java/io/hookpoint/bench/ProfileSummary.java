package io.hookpoint.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the execution samples of a {@code BENCH_JFR} recording: the share of each part of the
 * service (the first matching part of a sample's stack), the top frames by own time, and the top
 * Hookpoint methods with what they call. Usage: {@code java -cp target/test-classes
 * io.hookpoint.bench.ProfileSummary FILE.jfr [TOP]}.
 */
public final class ProfileSummary {
    private record Part(String name, Predicate<String> matches) {
    }

    // the first that matches a sample's stack (frames joined by newlines) takes it
    private static final List<Part> PARTS = List.of(
            new Part("delivery: log gateway", s -> s.contains("LogGateway.send")),
            new Part("delivery: claim (writer thread)", s -> s.contains("DeliveryQueue.lambda$claimDue")),
            new Part("delivery: outcome (writer thread)", s -> s.contains("DeliveryQueue.lambda$recordOutcomes")),
            new Part("delivery: dispatcher, threads, lane", s -> s.contains("io.hookpoint.delivery.")),
            new Part("acceptance: inserts (writer thread)", s -> s.contains("SmsAcceptance.decide")),
            new Part("writer thread: transaction, commit, hand-back", s -> s.contains("GroupCommitWriter")),
            new Part("request: JSON parse", s -> s.contains("JsonBodies.parse")),
            new Part("request: fingerprint", s -> s.contains("Fingerprint.of")),
            new Part("request: SMS rules", s -> s.contains("SmsRequestParser")),
            new Part("request: answer JSON", s -> s.contains("AcceptanceJson") || s.contains("JsonBodies.write")),
            new Part("request: hand-over to the writer", s -> s.contains("Store.write")),
            new Part("request: Basic auth", s -> s.contains("BasicAuthentication")),
            new Part("request: metrics", s -> s.contains("ServiceMetrics")),
            new Part("request: other Hookpoint code", s -> firstHookpointFrameIsOwn(s)),
            new Part("Helidon HTTP, TLS, sockets", s -> s.contains("io.helidon.") || s.contains("sun.security.ssl")
                    || s.contains("sun.nio.")));

    private ProfileSummary() {
    }

    /**
     * Prints the summary.
     *
     * @param args the recording, and how many frames to list (default 20)
     * @throws IOException when the recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Integer> parts = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            StringBuilder stack = new StringBuilder();
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                stack.append(name).append('\n');
                // the filters and lambdas wrap everything below them: they would fill the list
                if (name.startsWith("io.hookpoint.") && !name.contains("$$Lambda") && !name.endsWith(".filter")
                        && !name.contains("StrictTransportSecurity") && seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
            RecordedFrame first = frames.getFirst();
            own.merge(first.getMethod().getType().getName() + "." + first.getMethod().getName(), 1, Integer::sum);
            parts.merge(part(stack.toString()), 1, Integer::sum);
        }
        System.out.printf("%d execution samples (Java code only: native SQLite, fsync and the collector are not"
                + " in them)%n%n-- by part --%n", samples);
        print(parts, samples, 0, 100);
        System.out.printf("%n-- top %d frames by own time --%n", top);
        print(own, samples, 0, top);
        System.out.printf("%n-- top %d Hookpoint methods, with what they call --%n", top);
        print(inclusive, samples, 0, top);
    }

    /**
     * The part of the service a sample belongs to.
     *
     * @param stack the sample's frames, leaf first, as {@code package.Class.method}, one per line
     * @return the first part that matches
     */
    static String part(String stack) {
        return PARTS.stream().filter(p -> p.matches().test(stack)).map(Part::name).findFirst()
                .orElse("JDK only (threads, queues, GC-free Java)");
    }

    /** Prints the largest counts as shares of the samples, and as microseconds per request when that is known. */
    static void print(Map<String, Integer> counts, int samples, double usPerRequest, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> {
                    double share = (double) e.getValue() / samples;
                    if (usPerRequest > 0) {
                        System.out.printf("%5.1f%% %7.1f us  %s%n", 100 * share, share * usPerRequest, e.getKey());
                    } else {
                        System.out.printf("%5.1f%%  %s%n", 100 * share, e.getKey());
                    }
                });
    }

    private static boolean firstHookpointFrameIsOwn(String stack) {
        return stack.contains("io.hookpoint.") && !stack.contains("io.hookpoint.web.RequestIds.filter")
                || stack.startsWith("io.hookpoint.");
    }
}
