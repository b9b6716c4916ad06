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
     * @param sms the stored message
     * @return what happened
     */
    DeliveryResult send(StoredSms sms);

    /**
     * The most provider calls one {@link #send} makes one after another (a look-up before a repeat): the
     * longest send is that many connect + read timeouts, and the claim's lease must outlive it.
     *
     * @return 1 unless the gateway says otherwise
     */
    default int callsPerSend() {
        return 1;
    }
}
