package io.hookpoint.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * The contract, {@code openapi.yaml}, as the tests see it: its operations, and a check that a real
 * answer of a declared operation has a declared status, the declared headers and a body that matches
 * the declared schema.
 */
public final class Contract {
    /** The contract file. */
    public static final Path FILE = Path.of("openapi.yaml");
    private static final OpenAPI API = new OpenAPIV3Parser().read(FILE.toString());
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(FILE.toAbsolutePath().toUri().toString())
            .build();

    private Contract() {
    }

    /** One declared operation. */
    public record Operation(String method, String path, String operationId) {
    }

    /** The parsed contract. */
    public static OpenAPI api() {
        return API;
    }

    /**
     * Every declared operation, with paths under the server's {@code /api/v1} prefix, or under the path
     * item's own servers (the callbacks, at the root).
     */
    public static List<Operation> operations() {
        return API.getPaths().entrySet().stream()
                .flatMap(path -> path.getValue().readOperationsMap().entrySet().stream()
                        .map(op -> new Operation(op.getKey().name(), prefix(path.getValue()) + path.getKey(),
                                op.getValue().getOperationId())))
                .toList();
    }

    // the path of a path item's own first server, or /api/v1
    private static String prefix(PathItem item) {
        if (item.getServers() == null || item.getServers().isEmpty()) {
            return "/api/v1";
        }
        String path = java.net.URI.create(item.getServers().get(0).getUrl()).getPath();
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    /**
     * Validates an answer, when the request was for a declared operation.
     *
     * @param method HTTP method
     * @param path   request path (may carry a query)
     * @param reply  the answer
     * @return the validation report (empty for an undeclared operation)
     */
    public static ValidationReport validate(String method, String path, Reply reply) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!declared(method, bare)) {
            return ValidationReport.empty();
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status()).withBody(reply.body());
        reply.headers().forEach(response::withHeader);
        // the validator resolves every path under the global server's /api/v1; a path item with servers
        // of its own is looked up there under its template
        return VALIDATOR.validateResponse(validatorPath(bare), Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                response.build());
    }

    /**
     * Fails when an answer of a declared operation does not match the contract.
     *
     * @param method HTTP method
     * @param path   request path
     * @param reply  the answer
     */
    public static void assertMatches(String method, String path, Reply reply) {
        ValidationReport report = validate(method, path, reply);
        if (report.hasErrors()) {
            throw new AssertionError("Answer " + reply.status() + " of " + method + " " + path
                    + " does not match openapi.yaml: " + report.getMessages().stream()
                    .map(ValidationReport.Message::getMessage).collect(Collectors.joining("; "))
                    + "\nbody: " + reply.text());
        }
    }

    private static String validatorPath(String path) {
        for (Map.Entry<String, PathItem> entry : API.getPaths().entrySet()) {
            String prefix = prefix(entry.getValue());
            if (!prefix.equals("/api/v1") && path.matches(prefix + entry.getKey().replaceAll("\\{[^/]+}", "[^/]+"))) {
                return "/api/v1" + path.substring(prefix.length());
            }
        }
        return path;
    }

    private static boolean declared(String method, String path) {
        for (Map.Entry<String, PathItem> entry : API.getPaths().entrySet()) {
            String pattern = prefix(entry.getValue()) + entry.getKey().replaceAll("\\{[^/]+}", "[^/]+");
            if (path.matches(pattern)) {
                return entry.getValue().readOperationsMap().keySet().stream()
                        .anyMatch(m -> m.name().equalsIgnoreCase(method));
            }
        }
        return false;
    }
}
