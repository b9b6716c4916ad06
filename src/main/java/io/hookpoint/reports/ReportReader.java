package io.hookpoint.reports;

import java.util.List;

/**
 * Reads one provider's delivery-report callbacks: authenticates a request the way that provider can
 * (a signature, a shared secret) and turns its body into normalised reports. A provider plugs in with
 * one implementation, registered under its name (the {@code {provider}} of
 * {@code POST /callbacks/{provider}/status}).
 */
public interface ReportReader extends CallReader<DeliveryReport> {

    /** The provider's name, as in the callback path and {@code HOOKPOINT_GATEWAY_TYPE}. */
    String provider();

    /**
     * Authenticates a callback and reads its reports. Authentication comes first: nothing about a request
     * that fails it is read or applied.
     *
     * @param request the callback
     * @return the reports it carries (may be empty)
     * @throws CallbackRejected when it is not authentic, not of a readable type, or unreadable
     */
    List<DeliveryReport> read(CallbackRequest request) throws CallbackRejected;

    /** Why a callback is refused; each kind has its answer in the status policy's callback table. */
    enum Refusal {
        /** No or wrong signature / credentials: 401, nothing changed. */
        UNAUTHENTICATED,
        /** A content type the provider never sends: 415. */
        UNSUPPORTED_MEDIA_TYPE,
        /** A body that is not valid JSON (or the provider's format): 400, as every other endpoint (2001). */
        NOT_JSON,
        /** A body that cannot be read (for any report in it): 400. */
        UNREADABLE
    }

    /** A callback refused as a whole: nothing of it is applied. */
    final class CallbackRejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        /**
         * Creates the refusal.
         *
         * @param refusal why
         * @param message what is wrong, for the answer (never a secret)
         */
        public CallbackRejected(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        /** Why the callback is refused. */
        public Refusal refusal() {
            return refusal;
        }
    }
}
