package io.hookpoint.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.hookpoint.testing.Contract;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners build against the released contract ({@code docs/contract/v1.yaml}). A change to
 * {@code openapi.yaml} that would break them (an operation removed, a required field added, a type
 * changed, a response field dropped, ...) fails the build, unless the major version is raised.
 */
class BreakingChangeTest {
    private static final Path RELEASED = Path.of("docs/contract/v1.yaml");

    @Test
    void theContractStaysCompatibleWithTheReleasedOneOrRaisesTheMajorVersion() {
        ChangedOpenApi diff = OpenApiCompare.fromLocations(RELEASED.toString(), Contract.FILE.toString());

        if (diff.isIncompatible()) {
            assertThat(major(diff.getNewSpecOpenApi().getInfo().getVersion()))
                    .as("openapi.yaml breaks the released contract %s; raise info.version's major number "
                            + "(and publish it under a new prefix) or undo the change:%n%s", RELEASED, describe(diff))
                    .isGreaterThan(major(diff.getOldSpecOpenApi().getInfo().getVersion()));
        }
    }

    @Test
    void theCheckCatchesABreakingChange() {
        String released = read(RELEASED);
        // what a careless edit would do: make a field required that partners do not send
        String broken = released.replace("    SendSmsRequest:\n      type: object\n",
                "    SendSmsRequest:\n      type: object\n      required: [sender]\n");
        assertThat(broken).isNotEqualTo(released);

        ChangedOpenApi diff = OpenApiCompare.fromContents(released, broken);

        assertThat(diff.isIncompatible()).isTrue();
        assertThat(describe(diff)).contains("POST /sms");
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
