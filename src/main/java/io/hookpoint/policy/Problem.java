package io.hookpoint.policy;

/**
 * One entry of an answer's {@code errors} array: a catalog code and a description that may be more
 * precise than the catalog's (naming the field or the limit).
 *
 * @param code        the catalog entry
 * @param description what is wrong, for a person
 */
public record Problem(ErrorCode code, String description) {

    /**
     * A problem described in the catalog's words.
     *
     * @param code the catalog entry
     * @return the problem
     */
    public static Problem of(ErrorCode code) {
        return new Problem(code, code.description());
    }
}
