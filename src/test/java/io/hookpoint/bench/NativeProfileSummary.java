package io.hookpoint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Summarises a {@code BENCH_ASYNC} profile (async-profiler's collapsed stacks, every thread, CPU time): where
 * the CPU went by kind of thread, by layer (the service's Java code, SQLite's C code, the kernel for SQLite's
 * files or for the network, the collector, the JIT compilers), and by part of the service as
 * {@link ProfileSummary} names them, now with the native time each part caused. Given the CPU per request that
 * {@code make bench} printed for the same run, it turns shares into microseconds per request. Usage: {@code java
 * -cp target/test-classes io.hookpoint.bench.NativeProfileSummary FILE.collapsed [US_PER_REQUEST [TOP]]}.
 */
public final class NativeProfileSummary {
    private NativeProfileSummary() {
    }

    /**
     * Prints the summary.
     *
     * @param args the collapsed stacks, the CPU microseconds per request of that run (optional), how many
     *             frames to list (default 20)
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        double usPerRequest = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        Map<String, Integer> parts = new HashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        int samples = 0;
        int compiler = 0;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            int count = Integer.parseInt(line.substring(space + 1));
            List<String> frames = new ArrayList<>(List.of(line.substring(0, space).split(";")));
            String thread = threadKind(frames.getFirst());
            samples += count;
            threads.merge(thread, count, Integer::sum);
            if (thread.startsWith("JIT")) {
                // make bench leaves the compilers out of CPU per request: so does everything below
                compiler += count;
                continue;
            }
            Collections.reverse(frames);
            layers.merge(layer(thread, frames), count, Integer::sum);
            String stack = String.join("\n", frames.stream().map(f -> f.replace('/', '.')).toList());
            parts.merge(thread.equals("collector") ? "collector" : ProfileSummary.part(stack), count, Integer::sum);
            leaves.merge(frames.getFirst(), count, Integer::sum);
        }
        int counted = samples - compiler;
        System.out.printf("%d CPU samples of 1 ms, all threads; %d of them the JIT compilers (left out below, as"
                + " make bench leaves them out of CPU per request)%n%n-- by thread (all) --%n", samples, compiler);
        ProfileSummary.print(threads, samples, 0, 100);
        System.out.printf("%n-- by layer: where the CPU was (the sample's innermost frame) --%n");
        ProfileSummary.print(layers, counted, usPerRequest, 100);
        System.out.printf("%n-- by part of the service (Java, native and kernel time of each) --%n");
        ProfileSummary.print(parts, counted, usPerRequest, 100);
        System.out.printf("%n-- top %d innermost frames --%n", top);
        ProfileSummary.print(leaves, counted, usPerRequest, top);
    }


    // the root frame is "[name tid=N]"
    static String threadKind(String root) {
        String name = root.startsWith("[") ? root.substring(1, root.lastIndexOf(" tid=") > 0
                ? root.lastIndexOf(" tid=") : root.length() - 1) : root;
        // Linux keeps 15 characters of a thread's name: "C2 CompilerThre"
        if (name.contains("CompilerThre")) {
            return "JIT compilers";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "collector";
        }
        if (name.equals("store-writer")) {
            return "store-writer (the single writer: SQL, commits)";
        }
        if (name.startsWith("ForkJoinPool") || name.startsWith("VirtualThread")) {
            return "virtual-thread carriers (requests, deliveries)";
        }
        return name.replaceAll("[-#]?\\d+$", "") + " (other)";
    }

    // frames innermost first
    static String layer(String thread, List<String> frames) {
        if (thread.equals("collector")) {
            return "collector";
        }
        String leaf = frames.getFirst();
        // the driver's library has no symbols: its frames are the file's name
        boolean sqlite = frames.stream().anyMatch(f -> f.contains("libsqlitejdbc") || f.startsWith("sqlite3")
                || f.startsWith("Java_org_sqlite"));
        if (leaf.endsWith("_[k]")) {
            if (sqlite) {
                return "kernel, for SQLite (file writes, fsync, locks)";
            }
            boolean network = frames.stream().anyMatch(f -> f.startsWith("sun/nio/ch/") || f.contains("Socket")
                    || f.startsWith("tcp_") || f.startsWith("__sys_sendto") || f.startsWith("__sys_recvfrom"));
            if (network) {
                return "kernel, network (sockets)";
            }
            boolean parking = frames.stream().anyMatch(f -> f.contains("futex") || f.startsWith("Unsafe_Unpark")
                    || f.startsWith("Unsafe_Park") || f.contains("pthread_cond"));
            return parking ? "kernel, threads parking and waking (futex)" : "kernel, other";
        }
        if (sqlite && !isJava(leaf)) {
            return "SQLite's C code";
        }
        if (frames.stream().anyMatch(f -> f.startsWith("com/sun/crypto/") || f.startsWith("sun/security/"))) {
            return "TLS: crypto and records (Java and intrinsics)";
        }
        if (isJava(leaf)) {
            return "Java code (JIT-compiled or interpreted)";
        }
        return "JVM and libc native code (allocation, safepoints, stubs)";
    }

    private static boolean isJava(String frame) {
        // a library without symbols is named by its file ("/tmp/...libsqlitejdbc.so"): native, not Java
        if (frame.startsWith("/") || frame.startsWith("[") || frame.contains(".so")) {
            return false;
        }
        return frame.contains("/") || frame.matches("[A-Za-z_$][\\w$]*\\.[\\w$<>]+");
    }
}
