package io.hookpoint.contract;

import io.hookpoint.testing.Contract;

import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the contract tells its readers about where Hookpoint lives: it travels into the published docs and the
 * partner SDK, so it must not send them to a developer's own machine as if that were the project.
 */
class PublishedMetadataTest {
    private final OpenAPI api = Contract.api();

    @Test
    void contactNamesNoLocalAddress() {
        assertThat(api.getInfo().getContact().getName()).isNotBlank();
        String url = api.getInfo().getContact().getUrl();
        if (url != null) {
            assertThat(url).doesNotContain("localhost").doesNotContain("127.0.0.1").startsWith("https://");
        }
    }

    @Test
    void theDevelopmentServerSaysWhatToUseInstead() {
        api.getServers().stream().filter(server -> server.getUrl().contains("localhost"))
                .forEach(server -> assertThat(server.getDescription()).contains("make run").contains("https://<host>"));
    }
}
