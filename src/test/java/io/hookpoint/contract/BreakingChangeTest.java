package io.hookpoint.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hookpoint.testing.Contract;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners build against the released contract ({@code docs/contract/v1.yaml}, 1.0.0). A change to
 * {@code openapi.yaml} that would break them (an operation removed, a required field added, a type
 * changed, a response field dropped, ...) fails the build, unless the major version is raised or the
 * break is one of the few recorded below with its reason (each must still be a break, so the list
 * stays true).
 */
class BreakingChangeTest {
    private static final Path RELEASED = Path.of("docs/contract/v1.yaml");
    /**
     * Breaks of 1.1.0 made on purpose: the contract was wrong about what the service does (issue 12),
     * and no request gets a different answer than before. Operation -> why.
     */
    private static final Map<String, String> ACCEPTED = Map.of(
            "POST /sms", "the request schema now describes what is accepted (a number with spaces, any "
                    + "field breaking a rule: 200 + success:false); served texts may be up to 255 parts",
            "POST /sms/batch", "as POST /sms, per item",
            "GET /sms/{messageId}", "a text may be as long as the configured parts allow (up to 255); to and text"
                    + " are absent once the message's content is redacted after its retention (redacted_at)");

    @Test
    void theContractStaysCompatibleWithTheReleasedOneOrRaisesTheMajorVersion() {
        ChangedOpenApi diff = OpenApiCompare.fromLocations(RELEASED.toString(), Contract.FILE.toString());
        if (major(diff.getNewSpecOpenApi().getInfo().getVersion()) > major(diff.getOldSpecOpenApi().getInfo().getVersion())) {
            return;
        }
        List<String> breaks = incompatible(diff);

        assertThat(breaks).as("openapi.yaml breaks the released contract %s; raise info.version's major number "
                + "(and publish it under a new prefix) or undo the change", RELEASED)
                .allMatch(ACCEPTED::containsKey);
        assertThat(ACCEPTED.keySet()).as("recorded breaks that are no longer breaks: remove them")
                .allMatch(breaks::contains);
    }

    @Test
    void theCheckCatchesABreakingChange() {
        String released = read(RELEASED);
        // what a careless edit would do: make a field required that partners do not send
        String broken = released.replace("      required: [to, text]\n", "      required: [to, text, sender]\n");
        assertThat(broken).isNotEqualTo(released);

        ChangedOpenApi diff = OpenApiCompare.fromContents(released, broken);

        assertThat(diff.isIncompatible()).isTrue();
        assertThat(describe(diff)).contains("POST /sms");
    }

    private static List<String> incompatible(ChangedOpenApi diff) {
        List<String> breaks = new ArrayList<>();
        for (Endpoint missing : diff.getMissingEndpoints()) {
            breaks.add("removed: " + missing.getMethod() + " " + missing.getPathUrl());
        }
        for (ChangedOperation changed : diff.getChangedOperations()) {
            if (changed.isIncompatible()) {
                breaks.add(changed.getHttpMethod() + " " + changed.getPathUrl());
            }
        }
        return breaks;
    }

    private static String describe(ChangedOpenApi diff) {
        List<String> lines = new ArrayList<>();
        for (Endpoint missing : diff.getMissingEndpoints()) {
            lines.add("removed: " + missing.getMethod() + " " + missing.getPathUrl());
        }
        for (ChangedOperation changed : diff.getChangedOperations()) {
            if (changed.isIncompatible()) {
                lines.add("changed incompatibly: " + changed.getHttpMethod() + " " + changed.getPathUrl());
            }
        }
        return String.join("\n", lines);
    }

    private static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
