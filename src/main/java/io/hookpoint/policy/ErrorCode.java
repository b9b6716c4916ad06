package io.hookpoint.policy;

/**
 * The error catalog: stable numeric codes that the contract ({@code components.x-error-catalog} in
 * {@code openapi.yaml}) publishes, each tied to the outcome that decides its HTTP status.
 */
public enum ErrorCode {
    RECIPIENT_MISSING(1001, Outcome.CUSTOMER_DATA_INVALID, "Recipient is missing or empty."),
    RECIPIENT_INVALID(1002, Outcome.CUSTOMER_DATA_INVALID, "Recipient is not a valid E.164 phone number."),
    TEXT_MISSING(1003, Outcome.CUSTOMER_DATA_INVALID, "Text is missing or empty."),
    TEXT_TOO_LONG(1004, Outcome.CUSTOMER_DATA_INVALID, "SMS message too long. Limit is N characters."),
    TEXT_UNSUPPORTED_CHARACTERS(1005, Outcome.CUSTOMER_DATA_INVALID,
            "Text contains characters that cannot be sent by SMS."),
    SENDER_INVALID(1006, Outcome.CUSTOMER_DATA_INVALID, "Sender id is invalid."),
    FIELD_WRONG_TYPE(1007, Outcome.CUSTOMER_DATA_INVALID, "A field has the wrong JSON type."),
    FIELD_TOO_LONG(1008, Outcome.CUSTOMER_DATA_INVALID, "A field is too long."),
    ITEM_NOT_OBJECT(1009, Outcome.CUSTOMER_DATA_INVALID, "Batch item must be a JSON object."),
    ITEM_KEY_MISSING(1010, Outcome.CUSTOMER_DATA_INVALID, "Batch item has no key."),
    ITEM_KEY_MALFORMED(1011, Outcome.CUSTOMER_DATA_INVALID, "Batch item key is malformed."),
    RECIPIENT_OPTED_OUT(1012, Outcome.CUSTOMER_DATA_INVALID, "Recipient has opted out."),
    BODY_NOT_JSON(2001, Outcome.DEFINITION_BROKEN, "Request body is not valid JSON."),
    BODY_NOT_OBJECT(2002, Outcome.DEFINITION_BROKEN, "Request body must be a JSON object."),
    IDEMPOTENCY_KEY_MISSING(2003, Outcome.DEFINITION_BROKEN, "Header Idempotency-Key is missing."),
    IDEMPOTENCY_KEY_MALFORMED(2004, Outcome.DEFINITION_BROKEN, "Header Idempotency-Key is malformed."),
    BODY_TOO_LARGE(2005, Outcome.BODY_TOO_LARGE, "Request body too large."),
    UNSUPPORTED_MEDIA_TYPE(2006, Outcome.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json."),
    IDEMPOTENCY_KEY_REUSED(2007, Outcome.IDEMPOTENCY_KEY_REUSED,
            "Idempotency-Key was already used with a different payload."),
    NOT_FOUND(2008, Outcome.NOT_FOUND, "No such resource."),
    METHOD_NOT_ALLOWED(2009, Outcome.METHOD_NOT_ALLOWED, "Method not allowed on this path."),
    MALFORMED_REQUEST(2010, Outcome.DEFINITION_BROKEN, "Malformed HTTP request."),
    BATCH_NOT_A_LIST(2011, Outcome.DEFINITION_BROKEN, "Request body must be an object with a 'messages' array."),
    BATCH_TOO_MANY_ITEMS(2012, Outcome.DEFINITION_BROKEN, "Too many messages in the batch."),
    AUTHENTICATION_REQUIRED(3001, Outcome.UNAUTHENTICATED, "Authentication required."),
    AUTHENTICATION_THROTTLED(3002, Outcome.THROTTLED,
            "Too many failed authentications from this address. Retry later."),
    FORBIDDEN(3003, Outcome.FORBIDDEN, "These credentials may not use this operation."),
    OVERLOADED(5001, Outcome.OVERLOADED, "Too many requests in flight. Retry later."),
    STORE_UNAVAILABLE(5003, Outcome.STORE_UNAVAILABLE, "Message store unavailable. Retry later."),
    INTERNAL_ERROR(5004, Outcome.UNEXPECTED_ERROR, "Unexpected error. Retry later.");

    private final int code;
    private final Outcome outcome;
    private final String description;

    ErrorCode(int code, Outcome outcome, String description) {
        this.code = code;
        this.outcome = outcome;
        this.description = description;
    }

    /** The stable numeric code. */
    public int code() {
        return code;
    }

    /** The outcome this error belongs to, which decides the HTTP status. */
    public Outcome outcome() {
        return outcome;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return outcome.status();
    }

    /** The catalog's generic description; answers may say more (the limit, the field). */
    public String description() {
        return description;
    }
}
