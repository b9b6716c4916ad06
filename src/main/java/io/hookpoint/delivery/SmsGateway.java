package io.hookpoint.delivery;

import io.hookpoint.sms.StoredSms;

/**
 * Hands one message to the SMS provider. Implementations report provider problems as a
 * {@link DeliveryResult} and do not throw for them; they must be safe to call from several threads.
 */
public interface SmsGateway {

    /**
     * Sends a message.
     *
     * @param sms the stored message; its {@code messageId} lets the provider recognise a repeat
     * @return what happened
     */
    DeliveryResult send(StoredSms sms);
}
