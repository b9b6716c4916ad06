package io.hookpoint.lab;

import java.util.Locale;
import java.util.Optional;

import io.hookpoint.delivery.DeliveryResult;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.sms.StatusChanges;

/**
 * The deliberately broken variants the lab's checks must catch, switched on only in a Hookpoint process the
 * lab started with {@code -Dhookpoint.lab.fault=NAME} (never by configuration or environment, so a service
 * cannot run broken by accident). Each fault is a decorator wired at one seam of {@code Hookpoint}
 * (the gateway, the status changes, the opt-out guard), except {@link Fault#REPORTS_BACKWARDS}, read by
 * {@code DeliveryReports}. Without the property every method hands back what it was given.
 */
public final class LabFaults {
    /** The system property that names the fault. */
    public static final String PROPERTY = "hookpoint.lab.fault";

    /** A broken variant, and the check of the lab that must catch it. */
    public enum Fault {
        /** The provider adapter sends a message again after the provider refused it for good (no-double-send). */
        RETRY_PERMANENT,
        /** Delivery reports move a message backwards too: a late "sent" overwrites "delivered" (provider-matches). */
        REPORTS_BACKWARDS,
        /** Every 10th status change never becomes an event for Bloomreach (events-match). */
        EXPORTER_DROPS,
        /** The suppression list is never consulted: opted-out numbers are texted (no-send-after-stop). */
        SUPPRESSION_IGNORED;

        /** The name on the command line ({@code retry-permanent}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * The fault of a label.
         *
         * @param label as {@link #label()} writes it
         * @return the fault
         * @throws IllegalArgumentException for an unknown label
         */
        public static Fault of(String label) {
            return valueOf(label.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private static final Optional<Fault> ACTIVE = Optional.ofNullable(System.getProperty(PROPERTY))
            .filter(s -> !s.isBlank()).map(Fault::of);

    private LabFaults() {
    }

    /**
     * Whether a fault is on in this process.
     *
     * @param fault the fault
     * @return true only in a lab-started process with that fault
     */
    public static boolean active(Fault fault) {
        return ACTIVE.equals(Optional.of(fault));
    }

    /**
     * The gateway, or with {@link Fault#RETRY_PERMANENT} one that calls the provider again after a refusal.
     *
     * @param gateway the real gateway
     * @return the gateway to use
     */
    public static SmsGateway gateway(SmsGateway gateway) {
        if (!active(Fault.RETRY_PERMANENT)) {
            return gateway;
        }
        return new SmsGateway() {
            @Override
            public DeliveryResult send(io.hookpoint.sms.StoredSms sms) {
                DeliveryResult result = gateway.send(sms);
                // the bug: a permanent refusal treated as worth one more try
                return result instanceof DeliveryResult.Rejected ? gateway.send(sms) : result;
            }

            @Override
            public int callsPerSend() {
                return gateway.callsPerSend() * 2;
            }
        };
    }

    /**
     * The status changes, or with {@link Fault#EXPORTER_DROPS} ones that lose every 10th event.
     *
     * @param changes the real outbox writer
     * @return the writer to use
     */
    public static StatusChanges changes(StatusChanges changes) {
        if (!active(Fault.EXPORTER_DROPS)) {
            return changes;
        }
        return (handle, messageId, status, at, errorCode, error) -> {
            if (Math.floorMod((messageId + status).hashCode(), 10) != 0) {
                changes.changed(handle, messageId, status, at, errorCode, error);
            }
        };
    }

    /**
     * The opt-out guard, or with {@link Fault#SUPPRESSION_IGNORED} one that never finds a number suppressed.
     *
     * @param guard the real guard
     * @return the guard to use
     */
    public static OptOutGuard guard(OptOutGuard guard) {
        if (!active(Fault.SUPPRESSION_IGNORED)) {
            return guard;
        }
        return new OptOutGuard() {
            @Override
            public boolean suppressed(String number) {
                return false;
            }

            @Override
            public void unsubscribed(String number, String provider) {
                guard.unsubscribed(number, provider);
            }

            @Override
            public void unsubscribedInReport(String number, String provider) {
                guard.unsubscribedInReport(number, provider);
            }
        };
    }
}
