package io.hookpoint.observe;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.hookpoint.store.Store;
import io.hookpoint.web.JsonBodies;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObjectBuilder;

/**
 * Health for load balancers and orchestrators, without credentials: {@code /observe/health/live}
 * (the process answers), {@code /observe/health/ready} (the store takes a write and its disk has room),
 * {@code /observe/health} (both). 200 when UP, 503 when DOWN, with the checks in a JSON body.
 */
public final class Health {
    private final Store store;
    private final Path dataPath;
    private final long minFreeBytes;

    /**
     * Creates the checks.
     *
     * @param store        the store to try a write on
     * @param dataPath     a path on the file system of the database
     * @param minFreeBytes free space below which the service is not ready
     */
    public Health(Store store, Path dataPath, long minFreeBytes) {
        this.store = store;
        this.dataPath = dataPath;
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * Registers the routes.
     *
     * @param routing the routing
     */
    public void register(HttpRouting.Builder routing) {
        routing.get("/observe/health/live", (req, res) -> send(res, Map.of("process", true)));
        routing.get("/observe/health/ready", (req, res) -> send(res, readiness()));
        routing.get("/observe/health", (req, res) -> {
            Map<String, Boolean> all = new LinkedHashMap<>();
            all.put("process", true);
            all.putAll(readiness());
            send(res, all);
        });
    }

    /** The readiness checks: name -> passed. */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("store-writable", store.isWritable());
        checks.put("disk-space", freeBytes() >= minFreeBytes);
        return checks;
    }

    private long freeBytes() {
        try {
            Path existing = dataPath.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore fileStore = Files.getFileStore(existing == null ? Path.of(".") : existing);
            return fileStore.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void send(ServerResponse response, Map<String, Boolean> checks) {
        boolean up = checks.values().stream().allMatch(Boolean::booleanValue);
        JsonObjectBuilder details = JsonBodies.JSON.createObjectBuilder();
        checks.forEach((name, ok) -> details.add(name, ok ? "UP" : "DOWN"));
        response.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(JsonBodies.JSON.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", details).build()
                .toString());
    }
}
