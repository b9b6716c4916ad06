package io.hookpoint.observe;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The readiness checks of the store, for Helidon's health observer: {@code store-writable} (the store
 * takes a write, so a full disk, a read-only file or a database locked past its timeout show) and
 * {@code disk-space} (the database's disk has room).
 */
public final class StoreHealth {
    private StoreHealth() {
    }

    /**
     * The checks.
     *
     * @param writable     tries a write on the store
     * @param dataPath     a path on the file system of the database
     * @param minFreeBytes free space below which the service is not ready
     * @return the two readiness checks
     */
    public static List<HealthCheck> checks(BooleanSupplier writable, Path dataPath, long minFreeBytes) {
        return List.of(
                readiness("store-writable", () -> HealthCheckResponse.builder().status(writable.getAsBoolean())
                        .build()),
                readiness("disk-space", () -> {
                    long free = freeBytes(dataPath);
                    return HealthCheckResponse.builder().status(free >= minFreeBytes)
                            .detail("free", free).detail("minimum", minFreeBytes).build();
                }));
    }

    private static HealthCheck readiness(String name, HealthCheck call) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return call.call();
            }
        };
    }

    private static long freeBytes(Path dataPath) {
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
}
