package io.hookpoint.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * The contract and a browsable reference, served by the running service without credentials: the
 * contract is what partners build against and holds no secrets, and a browser opening the docs page
 * cannot be expected to carry the webhook's credentials. Calling the API from the page ("Try it out")
 * still needs them.
 * <ul>
 *     <li>{@code GET /openapi}: {@code openapi.yaml}, as built into the jar;</li>
 *     <li>{@code GET /docs/}: Swagger UI (from its webjar, no CDN) showing that contract.</li>
 * </ul>
 */
// Not helidon-openapi (4.3.0): its OpenApiFeature loads the static file with SnakeYAML and dumps it again
// on every format, YAML included. Checked on our openapi.yaml (2026-12-01): the tree is the same, but
// the bytes are not (30,526 -> 30,553 bytes, 495 lines differ: indentation of lists, flow lists made block,
// quoting of examples changed), so what partners download would no longer be the file in git.
public final class ApiDocs {
    /** Where the contract is served. */
    public static final String CONTRACT_PATH = "/openapi";
    /** Where the docs page is served. */
    public static final String DOCS_PATH = "/docs";
    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "%s",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                layout: "StandaloneLayout"
              });
            };
            """.formatted(CONTRACT_PATH);

    private final byte[] contract;
    private final String swaggerUiRoot;

    private ApiDocs(byte[] contract, String swaggerUiRoot) {
        this.contract = contract;
        this.swaggerUiRoot = swaggerUiRoot;
    }

    /**
     * Loads the contract and finds the Swagger UI shipped in the jar.
     *
     * @return the docs routes' source
     */
    public static ApiDocs load() {
        ClassLoader loader = ApiDocs.class.getClassLoader();
        try (InputStream contract = loader.getResourceAsStream("META-INF/openapi.yaml");
             InputStream build = loader.getResourceAsStream("hookpoint-build.properties")) {
            if (contract == null || build == null) {
                throw new IllegalStateException("openapi.yaml or hookpoint-build.properties is missing from the jar");
            }
            Properties properties = new Properties();
            properties.load(build);
            return new ApiDocs(contract.readAllBytes(),
                    "META-INF/resources/webjars/swagger-ui/" + properties.getProperty("swagger-ui.version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Registers the routes.
     *
     * @param routing the routing
     */
    public void register(HttpRouting.Builder routing) {
        routing.get(CONTRACT_PATH, (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, "application/yaml");
            response.send(contract);
        });
        routing.get(DOCS_PATH, (request, response) -> {
            response.status(Status.MOVED_PERMANENTLY_301);
            response.header(HeaderNames.LOCATION, DOCS_PATH + "/");
            response.send();
        });
        routing.get(DOCS_PATH + "/swagger-initializer.js", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, "text/javascript");
            response.send(INITIALIZER.getBytes(StandardCharsets.UTF_8));
        });
        routing.register(DOCS_PATH, StaticContentService.builder(swaggerUiRoot)
                .welcomeFileName("index.html")
                .build());
    }
}
