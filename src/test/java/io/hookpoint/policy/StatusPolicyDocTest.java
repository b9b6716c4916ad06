package io.hookpoint.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published decision table ({@code docs/status-policy.md}) is the one in the code. With
 * {@code -Dhookpoint.docs.write=true} the test rewrites the generated sections instead of failing.
 */
class StatusPolicyDocTest {
    private static final Path DOC = Path.of("docs/status-policy.md");
    private static final Pattern SECTION = Pattern.compile(
            "(<!-- generated:([a-z-]+) -->\\n)(.*?)(<!-- /generated -->)", Pattern.DOTALL);

    @Test
    void theGeneratedTablesAreUpToDate() throws IOException {
        Map<String, String> tables = Map.of(
                "server-side", StatusPolicyTable.serverSide(),
                "error-catalog", StatusPolicyTable.errorCatalog(),
                "sender-side", StatusPolicyTable.senderSide());
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);

        Matcher matcher = SECTION.matcher(doc);
        StringBuilder rendered = new StringBuilder();
        int sections = 0;
        while (matcher.find()) {
            String table = tables.get(matcher.group(2));
            assertThat(table).as("known section " + matcher.group(2)).isNotNull();
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(matcher.group(1) + table + matcher.group(4)));
            sections++;
        }
        matcher.appendTail(rendered);

        assertThat(sections).isEqualTo(tables.size());
        if (Boolean.getBoolean("hookpoint.docs.write")) {
            Files.writeString(DOC, rendered.toString(), StandardCharsets.UTF_8);
        } else {
            assertThat(doc).as("docs/status-policy.md is stale: rerun with -Dhookpoint.docs.write=true")
                    .isEqualTo(rendered.toString());
        }
    }
}
