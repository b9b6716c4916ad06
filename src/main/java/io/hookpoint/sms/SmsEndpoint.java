package io.hookpoint.sms;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.api.model.BloomreachEvent;
import io.hookpoint.api.model.Campaign;
import io.hookpoint.api.model.SmsEncoding;
import io.hookpoint.api.model.SmsMessage;
import io.hookpoint.auth.AuthenticatedUser;
import io.hookpoint.idempotency.IdempotencyKey;
import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.policy.Problem;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;
import io.hookpoint.web.RequestBodies;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonValue;

/**
 * The SMS operations of the contract ({@code /api/v1/sms}) as plain Helidon handlers: each reads its
 * request leniently, in the order of the status policy, and answers with the contract's models.
 */
public final class SmsEndpoint {
    /** The request header that carries the idempotency key. */
    public static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    /** The answer header that marks a replayed answer. */
    public static final Header REPLAYED = HeaderValues.createCached(HeaderNames.create("Idempotent-Replayed"), "true");

    private final SmsAcceptance acceptance;
    private final MessageRepository messages;
    private final ExportedEvents events;
    private final RequestBodies bodies;
    private final RequestBodies batchBodies;
    private final int batchItems;
    private final Answers answers;

    /**
     * Creates the endpoint.
     *
     * @param acceptance accepts messages exactly once
     * @param messages   the stored messages, for look-ups
     * @param bodies      reads bodies within the size limit
     * @param batchBodies reads batch bodies within their (larger) size limit
     * @param batchItems  the most messages one batch may hold
     * @param answers     sends answers
     */
    public SmsEndpoint(SmsAcceptance acceptance, MessageRepository messages, RequestBodies bodies, RequestBodies batchBodies,
                       int batchItems, Answers answers) {
        this(acceptance, messages, ExportedEvents.NONE, bodies, batchBodies, batchItems, answers);
    }

    /**
     * Creates the endpoints, showing each message's events for Bloomreach.
     *
     * @param acceptance  validates, stores and answers a message
     * @param messages    reads stored messages
     * @param events      the events of a message for Bloomreach
     * @param bodies      reads a single message's body
     * @param batchBodies reads a batch's body
     * @param batchItems  the most messages in a batch
     * @param answers     writes answers
     */
    public SmsEndpoint(SmsAcceptance acceptance, MessageRepository messages, ExportedEvents events,
                       RequestBodies bodies, RequestBodies batchBodies, int batchItems, Answers answers) {
        this.events = events;
        this.acceptance = acceptance;
        this.messages = messages;
        this.bodies = bodies;
        this.batchBodies = batchBodies;
        this.batchItems = batchItems;
        this.answers = answers;
    }

    /**
     * The handlers, by the contract's operation id (routed by {@link io.hookpoint.web.Operations}).
     *
     * @return {@code sendSms}, {@code sendSmsBatch} and {@code getSms}
     */
    public Map<String, Handler> handlers() {
        return Map.of("sendSms", this::sendSms, "sendSmsBatch", this::sendSmsBatch, "getSms", this::getSms);
    }

    /**
     * Checks the request's envelope in the order of the status policy, then accepts the message. Not
     * bound to a generated model on purpose: a generated binding answers 500 to malformed JSON, wrong
     * types and a missing header, and Bloomreach would retry those forever.
     */
    private void sendSms(ServerRequest request, ServerResponse response) {
        String user = AuthenticatedUser.of(request).login();
        if (bodies.declaredTooLarge(request)) {
            bodies.discard(request);
            answers.sendError(response, bodies.tooLarge());
            return;
        }
        if (!RequestBodies.isJson(request)) {
            answers.sendError(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        Optional<String> key = idempotencyKey(request, response);
        if (key.isEmpty()) {
            return;
        }
        JsonValue body;
        try {
            body = JsonBodies.parse(bodies.read(request));
        } catch (JsonBodies.MalformedJsonException e) {
            answers.sendError(response, new Problem(ErrorCode.BODY_NOT_JSON, e.getMessage()));
            return;
        }
        if (body.getValueType() != JsonValue.ValueType.OBJECT) {
            answers.sendError(response, ErrorCode.BODY_NOT_OBJECT);
            return;
        }
        send(response, acceptance.accept(user, key.get(), body.asJsonObject()));
    }

    /**
     * A batch: the envelope is checked for everyone, then every item on its own; one answer with a
     * result per item. Read leniently for the same reason as {@link #sendSms}.
     */
    private void sendSmsBatch(ServerRequest request, ServerResponse response) {
        String user = AuthenticatedUser.of(request).login();
        if (batchBodies.declaredTooLarge(request)) {
            batchBodies.discard(request);
            answers.sendError(response, batchBodies.tooLarge());
            return;
        }
        if (!RequestBodies.isJson(request)) {
            answers.sendError(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        JsonValue body;
        try {
            body = JsonBodies.parse(batchBodies.read(request));
        } catch (JsonBodies.MalformedJsonException e) {
            answers.sendError(response, new Problem(ErrorCode.BODY_NOT_JSON, e.getMessage()));
            return;
        }
        JsonValue messages = body.getValueType() == JsonValue.ValueType.OBJECT ? body.asJsonObject().get("messages")
                : null;
        if (messages == null || messages.getValueType() != JsonValue.ValueType.ARRAY) {
            answers.sendError(response, ErrorCode.BATCH_NOT_A_LIST);
            return;
        }
        if (messages.asJsonArray().size() > batchItems) {
            answers.sendError(response, new Problem(ErrorCode.BATCH_TOO_MANY_ITEMS,
                    "Too many messages in the batch. Limit is " + batchItems + "."));
            return;
        }
        answers.send(response, 200, SmsBatch.answer(user, messages.asJsonArray(), acceptance));
    }

    private void getSms(ServerRequest request, ServerResponse response) {
        String messageId = request.path().pathParameters().get("messageId");
        String user = AuthenticatedUser.of(request).login();
        Optional<StoredSms> found = messages.find(messageId, user);
        if (found.isEmpty()) {
            answers.sendError(response, new Problem(ErrorCode.NOT_FOUND, "No such message."));
            return;
        }
        SmsMessage model = toModel(found.get());
        List<ExportedEvents.ExportedEvent> exported = events.of(messageId);
        if (!exported.isEmpty()) {
            model.setBloomreachEvents(exported.stream().map(SmsEndpoint::toModel).toList());
        }
        answers.send(response, 200, JsonBodies.write(model));
    }

    private Optional<String> idempotencyKey(ServerRequest request, ServerResponse response) {
        if (!request.headers().contains(IDEMPOTENCY_KEY)) {
            answers.sendError(response, ErrorCode.IDEMPOTENCY_KEY_MISSING);
            return Optional.empty();
        }
        Header header = request.headers().get(IDEMPOTENCY_KEY);
        Optional<String> key = header.valueCount() == 1 ? IdempotencyKey.validate(header.get()) : Optional.empty();
        if (key.isEmpty()) {
            answers.sendError(response, new Problem(ErrorCode.IDEMPOTENCY_KEY_MALFORMED,
                    "Header Idempotency-Key is malformed: use 1 to " + IdempotencyKey.MAX_LENGTH
                            + " printable ASCII characters, once."));
        }
        return key;
    }

    private void send(ServerResponse response, IdempotentAnswer answer) {
        if (answer.replayed()) {
            response.header(REPLAYED);
        }
        answers.send(response, answer.status(), answer.body());
    }

    private static BloomreachEvent toModel(ExportedEvents.ExportedEvent event) {
        BloomreachEvent model = new BloomreachEvent();
        model.setStatus(event.status().api());
        model.setState(BloomreachEvent.StateEnum.fromValue(event.state()));
        model.setLastError(event.lastError());
        return model;
    }

    private static SmsMessage toModel(StoredSms sms) {
        SmsMessage model = new SmsMessage();
        model.setMessageId(sms.messageId());
        model.setStatus(sms.status().api());
        // past the content retention the recipient, sender and text are gone: absent, with when they went
        if (sms.redactedAt() == null) {
            model.setTo(sms.recipient());
            model.setSender(sms.sender());
            model.setText(sms.text());
        } else {
            model.setRedactedAt(Instant.ofEpochMilli(sms.redactedAt()).atOffset(ZoneOffset.UTC));
        }
        model.setEncoding(SmsEncoding.fromValue(sms.encoding()));
        model.setSegments(sms.segments());
        model.setCustomerId(sms.customerId());
        if (sms.scenarioId() != null || sms.actionId() != null) {
            Campaign campaign = new Campaign();
            campaign.setScenarioId(sms.scenarioId());
            campaign.setActionId(sms.actionId());
            model.setCampaign(campaign);
        }
        model.setReference(sms.reference());
        model.setAttempts(sms.attempts());
        model.setLastError(sms.lastError());
        model.setCreatedAt(Instant.ofEpochMilli(sms.createdAt()).atOffset(ZoneOffset.UTC));
        model.setUpdatedAt(Instant.ofEpochMilli(sms.updatedAt()).atOffset(ZoneOffset.UTC));
        if (sms.sentAt() != null) {
            model.setSentAt(Instant.ofEpochMilli(sms.sentAt()).atOffset(ZoneOffset.UTC));
        }
        ProviderTracking tracking = sms.tracking();
        model.setProvider(tracking.provider());
        model.setProviderMessageId(tracking.providerMessageId());
        model.setProviderStatus(tracking.providerStatus());
        model.setProviderErrorCode(tracking.errorCode());
        model.setProviderError(tracking.error());
        model.setSegmentsBilled(tracking.segmentsBilled());
        model.setPrice(tracking.price());
        model.setPriceCurrency(tracking.currency());
        if (tracking.deliveredAt() != null) {
            model.setDeliveredAt(Instant.ofEpochMilli(tracking.deliveredAt()).atOffset(ZoneOffset.UTC));
        }
        if (tracking.failedAt() != null) {
            model.setFailedAt(Instant.ofEpochMilli(tracking.failedAt()).atOffset(ZoneOffset.UTC));
        }
        return model;
    }
}
