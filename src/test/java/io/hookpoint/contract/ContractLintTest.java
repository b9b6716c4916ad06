package io.hookpoint.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.hookpoint.testing.Contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract is valid OpenAPI and passes an OWASP API Security style rule set (rule ids as in
 * Stoplight's spectral-owasp-ruleset, which {@code make lint} runs for real where Node.js is at hand).
 * Where Hookpoint departs from a rule on purpose, the exception and its reason are recorded here; an
 * exception that no longer matches anything fails too, so the list stays true.
 */
class ContractLintTest {
    /** Deliberate departures: rule id + " " + target -> why. */
    private static final Map<String, String> EXCEPTIONS = Map.ofEntries(
            Map.entry("owasp:api2:2023-no-http-basic basicAuth",
                    "Bloomreach authenticates webhooks with HTTP Basic (RFC 7617) only; it travels over TLS 1.2+ "
                            + "and the passwords are stored as PBKDF2 hashes"),
            Map.entry("owasp:api3:2023-no-additionalProperties SendSmsRequest",
                    "Bloomreach templates may carry more fields than we read; unknown fields are ignored, not refused"),
            Map.entry("owasp:api3:2023-no-additionalProperties SendSmsBatchItem", "as SendSmsRequest"),
            Map.entry("owasp:api3:2023-no-additionalProperties SendSmsBatchRequest", "as SendSmsRequest"),
            Map.entry("owasp:api3:2023-no-additionalProperties Campaign", "as SendSmsRequest"),
            Map.entry("owasp:api3:2023-no-additionalProperties DeliveryReports",
                    "a user's adapter may send more than we read; unknown fields are ignored, not refused"),
            Map.entry("owasp:api3:2023-no-additionalProperties DeliveryReport", "as DeliveryReports"),
            Map.entry("owasp:api3:2023-no-additionalProperties VonageDeliveryReceipt",
                    "Vonage sends more members than we read (network-code, api-key, ...), all signed"),
            Map.entry("owasp:api3:2023-no-additionalProperties InfobipDeliveryReports",
                    "Infobip's reports carry more fields than we read (bulkId, mccMnc, entityId, ...)"),
            Map.entry("owasp:api3:2023-no-additionalProperties InfobipDeliveryReport", "as InfobipDeliveryReports"),
            Map.entry("owasp:api3:2023-no-additionalProperties SinchDeliveryReport",
                    "Sinch sends more fields than we read (operator, encoding, ...); they are ignored, not refused"),
            Map.entry("owasp:api3:2023-no-additionalProperties InboundMessages", "as DeliveryReports"),
            Map.entry("owasp:api3:2023-no-additionalProperties VonageInboundMessage", "as VonageDeliveryReceipt"),
            Map.entry("owasp:api3:2023-no-additionalProperties InfobipInboundMessages", "as InfobipDeliveryReports"),
            Map.entry("owasp:api3:2023-no-additionalProperties SinchInboundMessage", "as SinchDeliveryReport"),
            Map.entry("owasp:api4:2023-rate-limit-responses-429 POST /callbacks/{provider}/inbound",
                    "as POST /callbacks/{provider}/status"),
            Map.entry("owasp:api4:2023-rate-limit-responses-429 POST /callbacks/{provider}/status",
                    "the callbacks never answer 429: a provider's reports are not throttled (no Basic auth here), "
                            + "overload is 503 + Retry-After, which providers retry"));

    @Test
    void theContractIsValidOpenApi() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(Contract.FILE.toString(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.0.");
    }

    @Test
    void theContractPassesTheRulesOrRecordsWhyNot() {
        Set<String> violations = violations(Contract.api());

        assertThat(new TreeSet<>(violations)).as("violations without a recorded exception")
                .isSubsetOf(EXCEPTIONS.keySet());
        assertThat(new TreeSet<>(EXCEPTIONS.keySet())).as("recorded exceptions that no longer apply")
                .isSubsetOf(violations);
    }

    @Test
    void theRulesCatchWhatTheyAreAbout() {
        OpenAPI api = new OpenAPIV3Parser().readContents("""
                openapi: 3.0.3
                info: {title: t, version: 1.0.0}
                servers: [{url: "http://example.com"}]
                paths:
                  /x:
                    post:
                      security: []
                      requestBody:
                        content:
                          application/json:
                            schema:
                              type: object
                              properties:
                                s: {type: string}
                                a: {type: array, items: {type: string, maxLength: 3}}
                      responses:
                        '200': {description: ok}
                """).getOpenAPI();

        assertThat(violations(api)).contains(
                "owasp:api8:2023-no-server-http http://example.com",
                "owasp:api2:2023-write-restricted POST /x",
                "owasp:api8:2023-define-error-responses-401 POST /x",
                "owasp:api8:2023-define-error-responses-500 POST /x",
                "owasp:api4:2023-rate-limit-responses-429 POST /x",
                "owasp:api8:2023-define-error-validation POST /x",
                "owasp:api4:2023-string-limit POST /x s",
                "owasp:api4:2023-array-limit POST /x a");
    }

    private static Set<String> violations(OpenAPI api) {
        Set<String> found = new TreeSet<>();
        api.getServers().forEach(server -> {
            if (!server.getUrl().startsWith("https://")) {
                found.add("owasp:api8:2023-no-server-http " + server.getUrl());
            }
        });
        if (api.getComponents() != null && api.getComponents().getSecuritySchemes() != null) {
            api.getComponents().getSecuritySchemes().forEach((name, scheme) -> {
                if (scheme.getType() == SecurityScheme.Type.HTTP && "basic".equalsIgnoreCase(scheme.getScheme())) {
                    found.add("owasp:api2:2023-no-http-basic " + name);
                }
            });
            api.getComponents().getSchemas().forEach((name, schema) -> {
                if (isRequestSchema(api, name) && schema.getAdditionalProperties() == null) {
                    found.add("owasp:api3:2023-no-additionalProperties " + name);
                }
            });
        }
        boolean globallySecured = api.getSecurity() != null && !api.getSecurity().isEmpty();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String target = method + " " + path;
            boolean secured = operation.getSecurity() == null ? globallySecured : !operation.getSecurity().isEmpty();
            if (!secured) {
                found.add("owasp:api2:2023-write-restricted " + target);
            }
            Set<String> statuses = operation.getResponses().keySet();
            if (!statuses.contains("401")) {
                found.add("owasp:api8:2023-define-error-responses-401 " + target);
            }
            if (!statuses.contains("500")) {
                found.add("owasp:api8:2023-define-error-responses-500 " + target);
            }
            if (!statuses.contains("429")) {
                found.add("owasp:api4:2023-rate-limit-responses-429 " + target);
            }
            if (!statuses.contains("400") && !statuses.contains("422")) {
                found.add("owasp:api8:2023-define-error-validation " + target);
            }
            requestSchema(api, operation).ifPresent(schema -> limits(api, schema, target, "", found));
        }));
        return found;
    }

    private static java.util.Optional<Schema<?>> requestSchema(OpenAPI api, Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return java.util.Optional.empty();
        }
        return operation.getRequestBody().getContent().values().stream().findFirst()
                .map(media -> resolve(api, media.getSchema()));
    }

    // string-limit and array-limit, through the request schema and everything it refers to
    private static void limits(OpenAPI api, Schema<?> schema, String target, String field, Set<String> found) {
        if (schema == null) {
            return;
        }
        // a body of several shapes (the callbacks: DeliveryReports or a provider's own): each is checked
        if (schema.getOneOf() != null) {
            schema.getOneOf().forEach(shape -> limits(api, resolve(api, shape), target, field, found));
        }
        if ("string".equals(schema.getType()) && schema.getMaxLength() == null && schema.getEnum() == null) {
            found.add("owasp:api4:2023-string-limit " + target + " " + field);
        }
        if ("array".equals(schema.getType())) {
            if (schema.getMaxItems() == null) {
                found.add("owasp:api4:2023-array-limit " + target + " " + field);
            }
            limits(api, resolve(api, schema.getItems()), target, field + "[]", found);
        }
        if (schema.getOneOf() != null) {
            schema.getOneOf().forEach(alternative -> limits(api, resolve(api, alternative), target, field, found));
        }
        if (schema.getProperties() != null) {
            for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                String name = field.isEmpty() ? property.getKey() : field + "." + property.getKey();
                limits(api, resolve(api, property.getValue()), target, name, found);
            }
        }
    }

    private static boolean isRequestSchema(OpenAPI api, String name) {
        List<String> names = new ArrayList<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation ->
                requestSchema(api, operation).ifPresent(schema -> collect(api, schema, names))));
        return names.contains(name);
    }

    private static void collect(OpenAPI api, Schema<?> schema, List<String> names) {
        if (schema != null && schema.getOneOf() != null) {
            // a request body that is one of several providers' shapes: each of them is a request schema
            schema.getOneOf().forEach(alternative -> collect(api, resolve(api, alternative), names));
            return;
        }
        if (schema == null || schema.getName() == null && schema.getProperties() == null) {
            return;
        }
        if (schema.getName() != null && names.contains(schema.getName())) {
            return;
        }
        if (schema.getName() != null) {
            names.add(schema.getName());
        }
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        for (Schema<?> property : properties.values()) {
            Schema<?> resolved = resolve(api, property);
            collect(api, resolved, names);
            if ("array".equals(resolved.getType())) {
                collect(api, resolve(api, resolved.getItems()), names);
            }
        }
    }

    private static Schema<?> resolve(OpenAPI api, Schema<?> schema) {
        if (schema == null || schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        Schema<?> resolved = api.getComponents().getSchemas().get(name);
        resolved.setName(name);
        return resolved;
    }


}
