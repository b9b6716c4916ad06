package io.hookpoint.delivery;

import java.time.Clock;

import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.sms.StoredSms;

/**
 * One delivery attempt of a claimed message: what is checked before the provider is called (the message
 * has not expired, its recipient has not opted out since it was accepted), the call, and what the answer
 * means beyond the message (a provider's "unsubscribed" puts the number on the suppression list).
 */
final class Attempt {
    private final SmsGateway gateway;
    private final OptOutGuard optOuts;
    private final DeliverySettings settings;
    private final Clock clock;

    Attempt(SmsGateway gateway, OptOutGuard optOuts, DeliverySettings settings, Clock clock) {
        this.gateway = gateway;
        this.optOuts = optOuts;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Makes the attempt.
     *
     * @param sms the claimed message
     * @return what came of it; never throws for the provider's trouble
     */
    DeliveryResult send(StoredSms sms) {
        if (settings.expired(sms.createdAt(), clock.millis())) {
            return new DeliveryResult.Rejected("expired: not handed to the provider within " + settings.expire()
                    + " of its acceptance (HOOKPOINT_DELIVERY_EXPIRE)");
        }
        if (optOuts.suppressed(sms.recipient())) {
            // accepted before the number opted out: not sent after it
            optOuts.withheldAtDelivery();
            return new DeliveryResult.Rejected(ErrorCode.RECIPIENT_OPTED_OUT.code() + " "
                    + ErrorCode.RECIPIENT_OPTED_OUT.description());
        }
        DeliveryResult result;
        try {
            result = gateway.send(sms);
        } catch (RuntimeException e) {
            result = new DeliveryResult.Failed("gateway error: " + e);
        }
        if (result instanceof DeliveryResult.Rejected rejected && rejected.unsubscribed()) {
            optOuts.unsubscribed(sms.recipient(), rejected.provider());
        }
        return result;
    }
}
