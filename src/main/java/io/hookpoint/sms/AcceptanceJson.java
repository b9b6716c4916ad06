package io.hookpoint.sms;

import java.io.ByteArrayOutputStream;

import io.hookpoint.api.model.MessageStatus;
import io.hookpoint.api.model.SendSmsResponse;
import io.hookpoint.api.model.SmsEncoding;
import io.hookpoint.api.model.SmsResult;
import io.hookpoint.web.JsonBodies;

import jakarta.json.stream.JsonGenerator;

/**
 * The answer to an accepted message, the most frequent answer of all. It is written straight with a
 * JSON-P generator instead of JSON-B (whose reflection showed in profiles of the request path), and
 * gives exactly the bytes JSON-B gives for {@link #model} (a test holds the two together), so stored
 * answers and replays do not depend on which wrote them.
 */
final class AcceptanceJson {
    private AcceptanceJson() {
    }

    /**
     * The answer's JSON.
     *
     * @param messageId the new message
     * @param draft     what was accepted
     * @param status    {@code queued}, or {@code sent} after a first attempt
     * @return UTF-8 bytes
     */
    static byte[] write(String messageId, SmsDraft draft, MessageStatus status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JsonBodies.JSON.createGenerator(out)) {
            // members in lexicographical order, as JSON-B writes them
            json.writeStartObject()
                    .writeStartObject("result")
                    .write("code", 1)
                    .write("encoding", draft.measure().encoding().label())
                    .write("message", message(status))
                    .write("message_id", messageId);
            if (draft.reference() != null) {
                json.write("reference", draft.reference());
            }
            json.write("segments", draft.measure().segments())
                    .write("status", status.toString())
                    .writeEnd()
                    .write("success", true)
                    .writeEnd();
        }
        return out.toByteArray();
    }

    /**
     * The same answer as the contract's model.
     *
     * @param messageId the new message
     * @param draft     what was accepted
     * @param status    {@code queued} or {@code sent}
     * @return the model
     */
    static SendSmsResponse model(String messageId, SmsDraft draft, MessageStatus status) {
        SmsResult result = new SmsResult();
        result.setCode(1);
        result.setStatus(status);
        result.setMessage(message(status));
        result.setMessageId(messageId);
        result.setSegments(draft.measure().segments());
        result.setEncoding(SmsEncoding.fromValue(draft.measure().encoding().label()));
        result.setReference(draft.reference());
        SendSmsResponse response = new SendSmsResponse();
        response.setSuccess(true);
        response.setResult(result);
        response.setErrors(null);
        return response;
    }

    private static String message(MessageStatus status) {
        return status == MessageStatus.SENT ? "SMS message sent successfully" : "SMS message accepted for delivery";
    }
}
