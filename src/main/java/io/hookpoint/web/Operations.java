package io.hookpoint.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The contract's table of operations (path, method, operation id), read from {@code openapi.yaml} at
 * start: it binds each operation to its handler, answers 405 with {@code Allow} for the other methods
 * of a declared path, and names the operation of a request for metrics.
 */
public final class Operations {
    /** Where the contract travels in the jar (see the pom's resources). */
    public static final String CONTRACT_RESOURCE = "META-INF/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    /**
     * One operation of the contract.
     *
     * @param method      the HTTP method
     * @param path        the full path template, with the server's prefix ({@code /api/v1/sms/{messageId}})
     * @param operationId the contract's operation id
     */
    public record Operation(Method method, String path, String operationId) {
    }

    /**
     * A declared path, its operations by method, and a pattern matching concrete paths; its prefix is the
     * contract's server path, or the path item's own {@code servers} (the providers' callbacks live
     * outside {@code /api/v1}).
     */
    private record DeclaredPath(String prefix, String template, Pattern pattern, Map<Method, String> operationIds) {
        String full() {
            return prefix + template;
        }
    }

    private final String prefix;
    private final List<DeclaredPath> paths;

    private Operations(String prefix, List<DeclaredPath> paths) {
        this.prefix = prefix;
        this.paths = paths;
    }

    /** The contract built into the application, loaded once. */
    private static final class Contract {
        private static final Operations OPERATIONS = load();

        private static Operations load() {
            try (InputStream in = Operations.class.getClassLoader().getResourceAsStream(CONTRACT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(CONTRACT_RESOURCE + " is missing from the class path");
                }
                return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The operations of the contract built into the application.
     *
     * @return the table
     */
    public static Operations contract() {
        return Contract.OPERATIONS;
    }

    /**
     * The operation id of a request, by the contract built into the application (for metric labels).
     *
     * @param method the request's method
     * @param path   the request's path, without query
     * @return the operation id, or empty when no operation takes the request (404 and 405 answers)
     */
    public static Optional<String> match(Method method, String path) {
        return contract().operationId(method, path);
    }

    /**
     * Reads the table from a contract.
     *
     * @param yaml the contract (OpenAPI 3, YAML or JSON)
     * @return the table; paths carry the path of the contract's first server URL as their prefix
     */
    @SuppressWarnings("unchecked")
    static Operations parse(String yaml) {
        Map<String, Object> api = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        List<Map<String, Object>> servers = (List<Map<String, Object>>) api.getOrDefault("servers", List.of());
        String prefix = prefix(servers);
        List<DeclaredPath> paths = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((template, item) -> {
            Map<Method, String> byMethod = new LinkedHashMap<>();
            item.forEach((key, value) -> {
                if (METHODS.contains(key)) {
                    String id = (String) ((Map<String, Object>) value).get("operationId");
                    if (id == null || !ids.add(id)) {
                        throw new IllegalStateException("Operation " + key + " " + template
                                + " needs an operationId of its own, has " + id);
                    }
                    byMethod.put(Method.create(key.toUpperCase(Locale.ROOT)), id);
                }
            });
            if (!byMethod.isEmpty()) {
                String own = item.containsKey("servers")
                        ? prefix((List<Map<String, Object>>) item.get("servers")) : prefix;
                paths.add(new DeclaredPath(own, template, pattern(template), Map.copyOf(byMethod)));
            }
        });
        // a literal path wins over a template that also matches it (GET /sms/batch is not /sms/{messageId}),
        // as OpenAPI says; the same order decides routing and match
        paths.sort(Comparator.comparingInt((DeclaredPath p) -> variables(p.template())).thenComparing(DeclaredPath::full));
        return new Operations(prefix, List.copyOf(paths));
    }

    /**
     * Every operation, in routing order.
     *
     * @return the operations
     */
    public List<Operation> all() {
        List<Operation> all = new ArrayList<>();
        for (DeclaredPath path : paths) {
            path.operationIds().entrySet().stream()
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(e -> all.add(new Operation(e.getKey(), path.full(), e.getValue())));
        }
        return all;
    }

    /**
     * The prefix of the paths, from the contract's server URL ({@code /api/v1}); a path item with servers of
     * its own has the prefix of those instead.
     *
     * @return the prefix, empty when the server URL has no path
     */
    public String prefix() {
        return prefix;
    }

    /**
     * The operation id of a request.
     *
     * @param method the request's method
     * @param path   the request's path, without query
     * @return the operation id, or empty when no operation takes the request
     */
    public Optional<String> operationId(Method method, String path) {
        return declaredPath(path).map(p -> p.operationIds().get(method));
    }

    /**
     * Binds every operation to its handler, then answers 405 with {@code Allow} for the other methods of
     * each declared path. Fails when an operation has no handler or a handler no operation, so a contract
     * and code that disagree do not start.
     *
     * @param routing  the routing
     * @param answers  sends the 405 answers
     * @param handlers the handlers by operation id
     */
    public void route(HttpRouting.Builder routing, Answers answers, Map<String, Handler> handlers) {
        Set<String> declared = new TreeSet<>();
        all().forEach(operation -> declared.add(operation.operationId()));
        Set<String> unhandled = new TreeSet<>(declared);
        unhandled.removeAll(handlers.keySet());
        Set<String> undeclared = new TreeSet<>(handlers.keySet());
        undeclared.removeAll(declared);
        if (!unhandled.isEmpty() || !undeclared.isEmpty()) {
            throw new IllegalStateException("The contract and the handlers disagree: operations without a handler "
                    + unhandled + ", handlers without an operation " + undeclared);
        }
        for (DeclaredPath path : paths) {
            String full = path.full();
            List<Method> allowed = new ArrayList<>();
            path.operationIds().entrySet().stream()
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(e -> {
                        routing.route(e.getKey(), full, handlers.get(e.getValue()));
                        allowed.add(e.getKey());
                    });
            FallbackRoutes.methodNotAllowed(routing, answers, full, allowed);
        }
    }

    private Optional<DeclaredPath> declaredPath(String path) {
        for (DeclaredPath declared : paths) {
            if (path.startsWith(declared.prefix())
                    && declared.pattern().matcher(path.substring(declared.prefix().length())).matches()) {
                return Optional.of(declared);
            }
        }
        return Optional.empty();
    }

    // the path of the first server URL, without a trailing slash ("" for "/" or none)
    private static String prefix(List<Map<String, Object>> servers) {
        String prefix = servers.isEmpty() ? "" : URI.create((String) servers.get(0).get("url")).getPath();
        return prefix == null || prefix.equals("/") ? "" : prefix.replaceAll("/+$", "");
    }

    private static int variables(String template) {
        return (int) template.chars().filter(c -> c == '{').count();
    }

    // a template's variables match one non-empty segment, as Helidon's path patterns do
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
