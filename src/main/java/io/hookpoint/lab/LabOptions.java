package io.hookpoint.lab;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The knobs of one lab run, checked ({@link LabCommand} reads them from the command line).
 *
 * @param provider           the provider the stub plays ({@code twilio}, {@code vonage}, {@code infobip}, {@code sinch})
 * @param customers          customers in the campaign
 * @param batchSize          0 for the per-customer webhook, else customers per batch request
 * @param concurrency        webhook requests in flight
 * @param timeScale          factor on Bloomreach's retry delays (7, 45, 300 s)
 * @param badDataShare       share of customers with unusable data
 * @param duplicateShare     share of requests Bloomreach delivers twice
 * @param stopShare          share of customers who reply STOP to the first message (before the second)
 * @param rejectedShare      share of numbers the provider refuses for good
 * @param undeliveredShare   share of handsets the provider cannot reach
 * @param latencyMillis      the provider's answer time (each call between half and 1.5 times it)
 * @param throttleShare      share of provider calls answered 429
 * @param outageAt           seconds after the start when the provider's outage begins (negative: none)
 * @param outageSeconds      how long the outage lasts
 * @param outageRefuses      whether the outage refuses connections (else it answers 503)
 * @param reportDelayMillis  how long after the send a delivery report comes (each between half and 1.5 times it)
 * @param reportDuplicateShare share of final reports sent twice
 * @param reportReorderShare share of messages whose final report comes before "sent"
 * @param killAt             seconds after the start when Hookpoint gets SIGKILL and is restarted (negative: never)
 * @param seed               the seed of every share
 * @param directory          the run's directory (Hookpoint's files, its log, the picture)
 * @param json               where the JSON report goes, or empty
 * @param fault              a broken variant of Hookpoint to run (tests), or empty
 * @param settleTimeoutSeconds how long the lab waits for the chain to go quiet after each round
 * @param progress           whether to print a progress line every second
 */
public record LabOptions(String provider, int customers, int batchSize, int concurrency, double timeScale,
                         double badDataShare, double duplicateShare, double stopShare, double rejectedShare,
                         double undeliveredShare, int latencyMillis, double throttleShare, double outageAt,
                         double outageSeconds, boolean outageRefuses, int reportDelayMillis,
                         double reportDuplicateShare, double reportReorderShare, double killAt, long seed,
                         Path directory, Optional<Path> json, Optional<LabFaults.Fault> fault,
                         int settleTimeoutSeconds, boolean progress) {

    /** Whether the outage knob is on. */
    boolean outage() {
        return outageAt >= 0 && outageSeconds > 0;
    }

    /** Whether the kill knob is on. */
    boolean kill() {
        return killAt >= 0;
    }

    /**
     * Small defaults for tests: everything on, sized for a few seconds.
     *
     * @param customers how many
     * @param directory the run's directory
     * @return the options
     */
    public static LabOptions small(int customers, Path directory) {
        return new LabOptions("twilio", customers, 0, 50, 0.2, 0.02, 0.05, 0.05, 0.01, 0.02, 20, 0.02,
                -1, 0, false, 50, 0.05, 0.05, -1, 1, directory, Optional.empty(), Optional.empty(), 120, false);
    }

    /** A copy that plays another provider. */
    public LabOptions withProvider(String name) {
        return new LabOptions(name, customers, batchSize, concurrency, timeScale, badDataShare, duplicateShare,
                stopShare, rejectedShare, undeliveredShare, latencyMillis, throttleShare, outageAt, outageSeconds,
                outageRefuses, reportDelayMillis, reportDuplicateShare, reportReorderShare, killAt, seed, directory,
                json, fault, settleTimeoutSeconds, progress);
    }

    /** A copy with a fault. */
    public LabOptions withFault(LabFaults.Fault broken) {
        return new LabOptions(provider, customers, batchSize, concurrency, timeScale, badDataShare, duplicateShare,
                stopShare, rejectedShare, undeliveredShare, latencyMillis, throttleShare, outageAt, outageSeconds,
                outageRefuses, reportDelayMillis, reportDuplicateShare, reportReorderShare, killAt, seed, directory,
                json, Optional.of(broken), settleTimeoutSeconds, progress);
    }

    /** A copy with a provider outage and a kill. */
    public LabOptions withTrouble(double outageStart, double outageLength, boolean refuses, double killSecond) {
        return new LabOptions(provider, customers, batchSize, concurrency, timeScale, badDataShare, duplicateShare,
                stopShare, rejectedShare, undeliveredShare, latencyMillis, throttleShare, outageStart, outageLength,
                refuses, reportDelayMillis, reportDuplicateShare, reportReorderShare, killSecond, seed, directory,
                json, fault, settleTimeoutSeconds, progress);
    }
}
