package io.hookpoint.store;

/** The store cannot serve the request now (busy past its timeout, disk full, read-only, closed). */
public class StoreUnavailableException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the underlying error, or null
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
