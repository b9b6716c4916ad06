package io.hookpoint.bench;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/**
 * This process's CPU time (user + system, all threads) less what the JIT compiler threads spent: the
 * server runs in the bench's JVM, wrk in a process of its own, so this is the server's work alone, far
 * less sensitive than requests/s to what else runs on the cores. The compiler is left out because on a
 * loaded machine it is still compiling long after the warm-up, and a few hundred milliseconds of it
 * would count as tens of microseconds per request; the collector's work stays in.
 */
final class CpuMeter {
    // idle: less than this much CPU in each of two consecutive sampling intervals (2.5 % of one core)
    private static final long IDLE_NANOS_PER_INTERVAL = 5_000_000L;
    private static final long INTERVAL_MILLIS = 200;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuMeter() {
    }

    /** CPU time of this process so far, without the JIT compiler threads', nanoseconds. */
    static long now() {
        return OS.getProcessCpuTime() - compilerNanos();
    }

    /** CPU time so far of this process's threads whose name starts with {@code name}, nanoseconds. */
    static long threadNanos(String name) {
        return tasksNanos(comm -> comm.startsWith(name));
    }

    // the compiler threads' time on a CPU, from /proc/self/task/*/schedstat (nanoseconds, first field)
    private static long compilerNanos() {
        return tasksNanos(comm -> comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler"));
    }

    private static long tasksNanos(java.util.function.Predicate<String> named) {
        long sum = 0;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks =
                     java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks) {
                try {
                    String comm = java.nio.file.Files.readString(task.resolve("comm"));
                    if (named.test(comm)) {
                        String stat = java.nio.file.Files.readString(task.resolve("schedstat"));
                        sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return sum;
    }

    /**
     * Waits until the process is idle and {@code drained} says the backlog is delivered (a dispatcher
     * between two polls is quiet too), or until it has been quiet for 3 s anyway, at most {@code maxSeconds}.
     *
     * @return the CPU spent from the call until idle, nanoseconds, without the idle intervals that ended it
     */
    static long untilIdle(int maxSeconds, java.util.function.BooleanSupplier drained) throws InterruptedException {
        long start = now();
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        long previous = start;
        long busyEnd = start;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(INTERVAL_MILLIS);
            long cpu = now();
            if (cpu - previous < IDLE_NANOS_PER_INTERVAL) {
                quiet++;
            } else {
                quiet = 0;
                busyEnd = cpu;
            }
            if (quiet >= 2 && drained.getAsBoolean() || quiet >= 15) {
                break;
            }
            // the backlog query is the bench's own work, not the server's
            previous = now();
        }
        return busyEnd - start;
    }

    /** The load averages (1, 5, 15 minutes) from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
