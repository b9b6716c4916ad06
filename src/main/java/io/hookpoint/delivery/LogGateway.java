package io.hookpoint.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.hookpoint.sms.StoredSms;

/**
 * The embedded default: "sends" by writing a line to the log, for development and for trying
 * Hookpoint out without a provider; under load one log record carries the lines of many messages. The
 * recipient is masked: phone numbers are personal data.
 */
public final class LogGateway implements SmsGateway {
    private static final String SOURCE = LogGateway.class.getName();
    // java.util.logging directly, not System.Logger: the line names its source and is built here, where
    // System.Logger made JUL walk the stack for the caller and parse a MessageFormat for every message
    // (a third of the CPU of delivering a message, in profiles of make bench)
    private static final Logger LOGGER = Logger.getLogger(SOURCE);
    // one record at a time: hundreds of delivery threads contending for the log handler's own monitor spin
    // on it (a sixth of the delivery CPU in profiles); on this lock they wait parked
    private final ReentrantLock writing = new ReentrantLock();
    // the lines waiting for the lock: whoever holds it writes all of them in one record, so under load a
    // record (a format, a write and a flush of the handler) carries many lines instead of one each
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private static final int MAX_LINES_PER_RECORD = 256;

    @Override
    public DeliveryResult send(StoredSms sms) {
        if (LOGGER.isLoggable(Level.INFO)) {
            pending.add(line(sms));
            writing.lock();
            try {
                // this line is written once this returns: by this thread now, or by a holder of the lock
                // before, whose record was written before it let go
                writePending();
            } finally {
                writing.unlock();
            }
        }
        return new DeliveryResult.Sent();
    }

    private void writePending() {
        for (String first = pending.poll(); first != null; first = pending.poll()) {
            String next = pending.poll();
            if (next == null) {
                LOGGER.logp(Level.INFO, SOURCE, "send", first);
                return;
            }
            StringBuilder lines = new StringBuilder(first.length() * 4).append(first);
            int count = 1;
            while (next != null) {
                lines.append('\n').append(next);
                next = ++count < MAX_LINES_PER_RECORD ? pending.poll() : null;
            }
            LOGGER.logp(Level.INFO, SOURCE, "send", lines.toString());
        }
    }

    /**
     * The log line of a message.
     *
     * @param sms the message
     * @return {@code SMS <id> to <masked number>: <n> part(s), <encoding>}
     */
    static String line(StoredSms sms) {
        return "SMS " + sms.messageId() + " to " + mask(sms.recipient()) + ": " + sms.segments() + " part(s), "
                + sms.encoding();
    }

    /**
     * Masks a phone number for logs.
     *
     * @param recipient E.164 number
     * @return the number with all but the country prefix and the last three digits hidden
     */
    static String mask(String recipient) {
        if (recipient.length() <= 7) {
            return "***";
        }
        return recipient.substring(0, 4) + "*".repeat(recipient.length() - 7) + recipient.substring(recipient.length() - 3);
    }
}
