package io.hookpoint.sms;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.hookpoint.api.model.MessageStatus;
import io.hookpoint.api.model.SendSmsResponse;
import io.hookpoint.api.model.SmsEncoding;
import io.hookpoint.api.model.SmsResult;
import io.hookpoint.idempotency.Fingerprint;
import io.hookpoint.idempotency.IdempotencyDao;
import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Outcome;
import io.hookpoint.policy.Problem;
import io.hookpoint.store.Store;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObject;

/**
 * Accepts SMS requests exactly once per user and key: in one transaction it looks the key up, and
 * either replays what was decided before, refuses a different payload under the same key, or records
 * the new answer together with the message. The answer leaves only after the commit.
 */
public final class SmsAcceptance {
    /** The request fields that make up a request's identity (see {@link Fingerprint}). */
    static final List<String> FINGERPRINT_FIELDS = List.of("to", "text", "sender", "customer_id", "campaign",
            "reference");

    private final Store store;
    private final SmsRequestParser parser;
    private final Clock clock;

    /**
     * Creates the service.
     *
     * @param store  the store
     * @param parser the SMS rules
     * @param clock  the time source
     */
    public SmsAcceptance(Store store, SmsRequestParser parser, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.clock = clock;
    }

    /**
     * Accepts one request.
     *
     * @param user the authenticated user
     * @param key  a valid idempotency key
     * @param body the request object
     * @return the answer to send
     */
    public IdempotentAnswer accept(String user, String key, JsonObject body) {
        String fingerprint = Fingerprint.of(body, FINGERPRINT_FIELDS);
        SmsRequestParser.Parsed parsed = parser.parse(body);
        return store.write(handle -> {
            IdempotencyDao log = handle.attach(IdempotencyDao.class);
            Optional<IdempotencyRecord> earlier = log.find(user, key);
            if (earlier.isPresent()) {
                IdempotencyRecord record = earlier.get();
                if (record.fingerprint().equals(fingerprint)) {
                    return new IdempotentAnswer(record.statusCode(), record.responseBody(), true);
                }
                return new IdempotentAnswer(ErrorCode.IDEMPOTENCY_KEY_REUSED.status(),
                        Answers.errorBody(List.of(Problem.of(ErrorCode.IDEMPOTENCY_KEY_REUSED))), false);
            }
            long now = clock.millis();
            if (parsed.draft() == null) {
                byte[] answer = rejection(parsed.problems());
                log.insert(new IdempotencyRecord(user, key, fingerprint, Outcome.CUSTOMER_DATA_INVALID.status(),
                        answer, null, now));
                return new IdempotentAnswer(Outcome.CUSTOMER_DATA_INVALID.status(), answer, false);
            }
            SmsDraft draft = parsed.draft();
            String messageId = UUID.randomUUID().toString();
            handle.attach(MessageDao.class).insert(new StoredSms(messageId, user, key, draft.recipient(),
                    draft.sender(), draft.text(), draft.measure().encoding().label(), draft.measure().segments(),
                    draft.customerId(), draft.scenarioId(), draft.actionId(), draft.reference(), StoredSms.QUEUED,
                    now, now));
            byte[] answer = acceptance(messageId, draft);
            log.insert(new IdempotencyRecord(user, key, fingerprint, Outcome.ACCEPTED.status(), answer, messageId,
                    now));
            return new IdempotentAnswer(Outcome.ACCEPTED.status(), answer, false);
        });
    }

    private static byte[] acceptance(String messageId, SmsDraft draft) {
        SmsResult result = new SmsResult();
        result.setCode(1);
        result.setStatus(MessageStatus.QUEUED);
        result.setMessage("SMS message accepted for delivery");
        result.setMessageId(messageId);
        result.setSegments(draft.measure().segments());
        result.setEncoding(SmsEncoding.fromValue(draft.measure().encoding().label()));
        result.setReference(draft.reference());
        SendSmsResponse response = new SendSmsResponse();
        response.setSuccess(true);
        response.setResult(result);
        response.setErrors(null);
        return JsonBodies.write(response);
    }

    private static byte[] rejection(List<Problem> problems) {
        SendSmsResponse response = new SendSmsResponse();
        response.setSuccess(false);
        response.setErrors(problems.stream().map(Answers::apiError).toList());
        return JsonBodies.write(response);
    }
}
