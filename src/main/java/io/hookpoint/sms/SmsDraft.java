package io.hookpoint.sms;

/**
 * A valid SMS request, ready to be stored: the recipient already in E.164 form and the text measured.
 *
 * @param recipient  E.164 phone number
 * @param text       the message text
 * @param measure    the text's encoding and parts
 * @param sender     sender id, or null for the provider's default
 * @param customerId Bloomreach customer id, or null
 * @param scenarioId Bloomreach scenario id, or null
 * @param actionId   Bloomreach action id, or null
 * @param reference  the caller's reference, echoed back, or null
 */
public record SmsDraft(String recipient,
                       String text,
                       SmsText measure,
                       String sender,
                       String customerId,
                       String scenarioId,
                       String actionId,
                       String reference) {
}
