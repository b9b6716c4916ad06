package io.hookpoint.delivery;

import io.hookpoint.sms.StoredSms;

/**
 * The embedded default: "sends" by writing a line to the log, for development and for trying
 * Hookpoint out without a provider. The recipient is masked: phone numbers are personal data.
 */
public final class LogGateway implements SmsGateway {
    private static final System.Logger LOGGER = System.getLogger(LogGateway.class.getName());

    @Override
    public DeliveryResult send(StoredSms sms) {
        LOGGER.log(System.Logger.Level.INFO, "SMS {0} to {1}: {2} part(s), {3}", sms.messageId(),
                mask(sms.recipient()), sms.segments(), sms.encoding());
        return new DeliveryResult.Sent();
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
