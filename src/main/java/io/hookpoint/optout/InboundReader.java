package io.hookpoint.optout;

import java.util.List;

import io.hookpoint.reports.CallReader;
import io.hookpoint.reports.CallbackRequest;
import io.hookpoint.reports.ReportReader.CallbackRejected;

/**
 * Reads one provider's inbound-message webhook ({@code POST /callbacks/<provider>/inbound}): authenticates it
 * exactly as that provider's delivery reports (same secret, same check) and reads the replies it carries.
 */
public interface InboundReader extends CallReader<InboundMessage> {

    /** The provider's name, as in the callback path. */
    String provider();

    /**
     * Authenticates a call and reads its replies; nothing of a call that fails authentication is read.
     *
     * @param request the call
     * @return the replies (may be empty: a delivery report or a media message sent here)
     * @throws CallbackRejected when it is not authentic, not of a readable type, or unreadable
     */
    List<InboundMessage> read(CallbackRequest request) throws CallbackRejected;

    /**
     * The answer's content type and body, for providers that read the answer: Twilio takes TwiML as
     * instructions, and an empty {@code <Response/>} sends no reply of ours (Twilio's own STOP reply goes out
     * anyway). Others get the JSON tally.
     *
     * @return {@code {contentType, body}}, or null for the JSON tally
     */
    default String[] reply() {
        return null;
    }
}
