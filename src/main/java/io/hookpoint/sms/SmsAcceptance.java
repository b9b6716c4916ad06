package io.hookpoint.sms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hookpoint.api.model.SendSmsResponse;
import io.hookpoint.idempotency.CommittedAnswers;
import io.hookpoint.idempotency.Fingerprint;
import io.hookpoint.idempotency.IdempotencyLog;
import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Outcome;
import io.hookpoint.policy.Problem;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreUnavailableException;
import io.hookpoint.web.Answers;
import io.hookpoint.web.Ids;
import io.hookpoint.web.JsonBodies;

import org.jdbi.v3.core.Handle;

import jakarta.json.JsonObject;

/**
 * Accepts SMS requests exactly once per user and key: in one transaction it looks the key up, and
 * either replays what was decided before, refuses a different payload under the same key, or records
 * the new answer together with the message. The answer leaves only after the commit. A batch is the
 * same for each item, all items in one transaction. A replay of an answer this instance committed is
 * answered from {@link CommittedAnswers}, without the write, when that surely is what the store holds.
 */
public final class SmsAcceptance {
    /** The request fields that make up a request's identity (see {@link Fingerprint}). */
    static final List<String> FINGERPRINT_FIELDS = List.of("to", "text", "sender", "customer_id", "campaign",
            "reference");

    private final Store store;
    private final IdempotencyLog log;
    private final MessageRepository messages;
    private final SmsRequestParser parser;
    private final Outbox outbox;
    private final Clock clock;
    private final OptOutGuard optOuts;
    private final CommittedAnswers committed;
    private final AcceptanceQueue<Prepared, Decision> queue;

    /**
     * Creates the service.
     *
     * @param store  the store
     * @param parser the SMS rules
     * @param outbox told about accepted messages
     * @param clock  the time source
     */
    public SmsAcceptance(Store store, SmsRequestParser parser, Outbox outbox, Clock clock) {
        this(store, parser, outbox, clock, OptOutGuard.NONE);
    }

    /**
     * Creates the service, refusing messages to numbers on the suppression list.
     *
     * @param store   the store
     * @param parser  the SMS rules
     * @param outbox  told about accepted messages
     * @param clock   the time source
     * @param optOuts the suppression list
     */
    public SmsAcceptance(Store store, SmsRequestParser parser, Outbox outbox, Clock clock, OptOutGuard optOuts) {
        this(store, parser, outbox, clock, optOuts, CommittedAnswers.NONE);
    }

    /**
     * Creates the service, answering replays of what it committed from memory.
     *
     * @param store     the store
     * @param parser    the SMS rules
     * @param outbox    told about accepted messages
     * @param clock     the time source
     * @param optOuts   the suppression list
     * @param committed the answers this instance committed (not used when answers wait for the first attempt,
     *                  which changes a committed answer)
     */
    public SmsAcceptance(Store store, SmsRequestParser parser, Outbox outbox, Clock clock, OptOutGuard optOuts,
                         CommittedAnswers committed) {
        this.committed = outbox.waitsForFirstAttempt() ? CommittedAnswers.NONE : committed;
        this.optOuts = optOuts;
        this.store = store;
        this.log = new IdempotencyLog(store);
        this.messages = new MessageRepository(store);
        this.parser = parser;
        this.outbox = outbox;
        this.clock = clock;
        this.queue = new AcceptanceQueue<>(store, this::decideAll, this::decide, Prepared::key);
    }

    /**
     * One request (or batch item) to accept.
     *
     * @param key  a valid idempotency key
     * @param body the request object
     */
    public record Request(String key, JsonObject body) {
    }

    /**
     * What was decided for one request, the message it created, if any, the committed record its answer
     * came from (inserted now, or replayed from the store), to remember once the write committed, if any, and
     * whether it was refused now because the recipient opted out (counted once the write committed).
     */
    private record Decision(String key, IdempotentAnswer answer, String newMessageId, SmsDraft draft,
                            IdempotencyRecord record, boolean refusedOptedOut) {
        Decision(String key, IdempotentAnswer answer) {
            this(key, answer, null, null, null, false);
        }
    }

    /** A request read and checked, its answer written, before the transaction: the writer only inserts. */
    private record Prepared(String key, String fingerprint, SmsDraft draft, String messageId, byte[] answer,
                            boolean optedOut) {
        Prepared(String key, String fingerprint, SmsDraft draft, String messageId, byte[] answer) {
            this(key, fingerprint, draft, messageId, answer, false);
        }
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
        // a replay of what this instance committed: no parsing, no write (the store's answer would be the same)
        Optional<IdempotentAnswer> replay = committed.replay(user, key, fingerprint);
        if (replay.isPresent()) {
            return replay.get();
        }
        Prepared prepared = prepare(new Request(key, body), fingerprint);
        // with the requests waiting for the writer at this moment, in one write of many rows (AcceptanceQueue)
        Decision decision = queue.decide(user, prepared);
        remember(decision);
        if (decision.newMessageId() == null) {
            return decision.answer();
        }
        outbox.messagesAccepted();
        return outbox.waitsForFirstAttempt() ? afterFirstAttempt(user, decision) : decision.answer();
    }

    /**
     * Accepts a batch: every request on its own terms, all in one transaction, answers in input order.
     *
     * @param user     the authenticated user
     * @param requests the requests, with valid keys
     * @return one answer per request
     */
    public List<IdempotentAnswer> acceptAll(String user, List<Request> requests) {
        List<Prepared> prepared = requests.stream()
                .map(request -> prepare(request, Fingerprint.of(request.body(), FINGERPRINT_FIELDS))).toList();
        List<Decision> decisions = store.write(handle -> decideAll(handle, user, prepared));
        decisions.forEach(this::remember);
        if (decisions.stream().anyMatch(d -> d.newMessageId() != null)) {
            outbox.messagesAccepted();
        }
        return decisions.stream().map(Decision::answer).toList();
    }

    /** Single requests waiting for the writer's next combined write (for tests). */
    int waitingForWriter() {
        return queue.waiting();
    }

    // after the commit only: what is remembered must be in the store, and a write run again (savepoints,
    // a deadlock, a combined write that failed) is counted once
    private void remember(Decision decision) {
        if (decision.record() != null) {
            committed.committed(decision.record());
        }
        if (decision.refusedOptedOut()) {
            optOuts.refusedAtAcceptance();
        }
    }

    private Prepared prepare(Request request, String fingerprint) {
        SmsRequestParser.Parsed parsed = parser.parse(request.body());
        if (parsed.draft() == null) {
            return new Prepared(request.key(), fingerprint, null, null, rejection(parsed.problems()));
        }
        if (optOuts.suppressed(parsed.draft().recipient())) {
            // refused before the write, recorded like any other verdict on this customer's data: a replay is identical
            return new Prepared(request.key(), fingerprint, null, null,
                    rejection(List.of(Problem.of(ErrorCode.RECIPIENT_OPTED_OUT))), true);
        }
        String messageId = Ids.timeOrdered();
        return new Prepared(request.key(), fingerprint, parsed.draft(), messageId,
                acceptance(messageId, parsed.draft(), SmsStatus.QUEUED));
    }

    // runs on the store's single writer thread: the repositories' prepared statements, nothing else
    private Decision decide(Handle handle, String user, Prepared request) {
        SmsDraft draft = request.draft();
        IdempotencyRecord record = record(user, request);
        // the key first, and no lookup before it: a new key costs one statement less, and on
        // PostgreSQL another instance may be accepting the same key right now
        boolean inserted = draft == null ? log.insert(handle, record) : messages.insertWithRecord(handle, record, draft);
        return decided(handle, user, request, record, inserted);
    }

    // a batch's items: the first item of each key inserted together, a few statements of many rows (one
    // statement per item was most of a batch's time on the writer); a key repeated in the batch is then
    // decided as the duplicate of its first item, as one item after the other would be
    private List<Decision> decideAll(Handle handle, String user, List<Prepared> requests) {
        List<IdempotencyRecord> records = new ArrayList<>(requests.size());
        List<SmsDraft> drafts = new ArrayList<>(requests.size());
        Set<String> keys = new HashSet<>();
        boolean[] first = new boolean[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            IdempotencyRecord record = record(user, requests.get(i));
            records.add(record);
            first[i] = keys.add(record.idempotencyKey());
        }
        List<IdempotencyRecord> firsts = new ArrayList<>(keys.size());
        for (int i = 0; i < requests.size(); i++) {
            if (first[i]) {
                firsts.add(records.get(i));
                drafts.add(requests.get(i).draft());
            }
        }
        boolean[] inserted = messages.insertAllWithRecords(handle, firsts, drafts);
        List<Decision> made = new ArrayList<>(requests.size());
        int f = 0;
        for (int i = 0; i < requests.size(); i++) {
            boolean isNew = first[i] && inserted[f];
            f += first[i] ? 1 : 0;
            made.add(decided(handle, user, requests.get(i), records.get(i), isNew));
        }
        return made;
    }

    private IdempotencyRecord record(String user, Prepared request) {
        int status = request.draft() == null ? Outcome.CUSTOMER_DATA_INVALID.status() : Outcome.ACCEPTED.status();
        return new IdempotencyRecord(user, request.key(), request.fingerprint(), status, request.answer(),
                request.messageId(), clock.millis());
    }

    // what was decided once the key's record was inserted, or found taken
    private Decision decided(Handle handle, String user, Prepared request, IdempotencyRecord record,
                             boolean inserted) {
        int status = record.statusCode();
        SmsDraft draft = request.draft();
        if (inserted) {
            return new Decision(request.key(), new IdempotentAnswer(status, request.answer(), false),
                    request.messageId(), draft, record, request.optedOut());
        }
        // decided before (or by another instance that just committed): answer as its duplicate
        IdempotencyRecord earlier = log.find(handle, user, request.key()).orElseThrow(
                () -> new StoreUnavailableException("Key " + request.key() + " is taken but has no record", null));
        if (earlier.fingerprint().equals(request.fingerprint())) {
            // remembered too: a record is never changed after its commit (only purged), so the next replay of
            // a key in use, whichever instance recorded it, skips the writer even once newer keys pushed it out
            return new Decision(request.key(), new IdempotentAnswer(earlier.statusCode(), earlier.responseBody(), true),
                    null, null, earlier, false);
        }
        return new Decision(request.key(), new IdempotentAnswer(ErrorCode.IDEMPOTENCY_KEY_REUSED.status(),
                Answers.errorBody(List.of(Problem.of(ErrorCode.IDEMPOTENCY_KEY_REUSED))), false));
    }

    // the guide's example answers "sent": when configured, wait briefly for the provider and say so
    private IdempotentAnswer afterFirstAttempt(String user, Decision decision) {
        if (outbox.awaitFirstAttempt(decision.newMessageId()) != SmsStatus.SENT) {
            return decision.answer();
        }
        byte[] sent = acceptance(decision.newMessageId(), decision.draft(), SmsStatus.SENT);
        try {
            log.updateAnswer(user, decision.key(), sent);
            return new IdempotentAnswer(Outcome.ACCEPTED.status(), sent, false);
        } catch (RuntimeException e) {
            // the "queued" answer is committed and true; a replay will say the same
            return decision.answer();
        }
    }

    private static byte[] acceptance(String messageId, SmsDraft draft, SmsStatus status) {
        return AcceptanceJson.write(messageId, draft, status.api());
    }

    private static byte[] rejection(List<Problem> problems) {
        SendSmsResponse response = new SendSmsResponse();
        response.setSuccess(false);
        response.setErrors(problems.stream().map(Answers::apiError).toList());
        return JsonBodies.write(response);
    }
}
