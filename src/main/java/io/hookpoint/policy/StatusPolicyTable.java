package io.hookpoint.policy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The decision table as Markdown, rendered from the code so that the published table
 * ({@code docs/status-policy.md}) cannot drift from what the server does.
 */
public final class StatusPolicyTable {
    private StatusPolicyTable() {
    }

    /** The server side: outcome, status, error codes, whether it is replayed, Bloomreach's reaction. */
    public static String serverSide() {
        StringBuilder table = new StringBuilder()
                .append("| outcome | status | error codes | stored and replayed for the key | Bloomreach then |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Outcome outcome : Outcome.values()) {
            String codes = Arrays.stream(ErrorCode.values())
                    .filter(code -> code.outcome() == outcome)
                    .map(code -> String.valueOf(code.code()))
                    .collect(Collectors.joining(", "));
            table.append("| ").append(name(outcome))
                    .append(" | ").append(outcome.status()).append(outcome.retryAfter() ? " + `Retry-After`" : "")
                    .append(" | ").append(codes.isEmpty() ? "-" : codes)
                    .append(" | ").append(outcome.stored() ? "yes" : "no")
                    .append(" | ").append(name(outcome.intendedReaction()))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The error catalog: code, status, name, description. */
    public static String errorCatalog() {
        StringBuilder table = new StringBuilder()
                .append("| code | status | name | description |\n")
                .append("| --- | --- | --- | --- |\n");
        for (ErrorCode code : ErrorCode.values()) {
            table.append("| ").append(code.code())
                    .append(" | ").append(code.status())
                    .append(" | `").append(code.name())
                    .append("` | ").append(code.description())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The sender side: how Bloomreach reads each status we can send, and a few we never send. */
    public static String senderSide() {
        List<Integer> statuses = List.of(200, 400, 401, 404, 405, 410, 412, 413, 415, 418, 422, 429, 500, 503);
        StringBuilder table = new StringBuilder()
                .append("| status | Bloomreach then |\n")
                .append("| --- | --- |\n");
        for (int status : statuses) {
            table.append("| ").append(status).append(" | ").append(name(BloomreachSender.react(status))).append(" |\n");
        }
        table.append("| timeout, connection refused / reset | ").append(name(BloomreachSender.reactToTransportFailure()))
                .append(" |\n");
        return table.toString();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase().replace('_', ' ');
    }
}
