package io.hookpoint.reports;

import java.util.List;

/**
 * Reads one kind of a provider's calls to us (delivery reports, inbound replies): authenticates the call the
 * way that provider can, then reads what it carries.
 *
 * @param <T> what a call carries
 */
public interface CallReader<T> {

    /** The provider's name, as in the callback path. */
    String provider();

    /**
     * Authenticates a call and reads it; authentication comes first.
     *
     * @param request the call
     * @return what it carries (may be empty)
     * @throws ReportReader.CallbackRejected when it is not authentic, not of a readable type, or unreadable
     */
    List<T> read(CallbackRequest request) throws ReportReader.CallbackRejected;
}
