package io.hookpoint.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.optout.ConsentChanges;
import io.hookpoint.optout.Suppressions;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;

/**
 * What the opt-out check costs on the hot path, printed, never asserted: a real SQLite store with
 * {@code N} suppressed numbers (default 100,000), loaded at start as the service does, then the check that
 * acceptance and the dispatcher make, for numbers on the list and off it. Run after {@code mvn test-compile}:
 * {@code mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test && java -cp
 * target/test-classes:target/classes:$(cat cp.txt) io.hookpoint.bench.SuppressionCheckCost [N]}.
 */
public final class SuppressionCheckCost {
    private SuppressionCheckCost() {
    }

    /**
     * Measures and prints.
     *
     * @param args the number of suppressed numbers, optional
     * @throws Exception when the store cannot be made
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("suppression-cost");
        Map<String, String> config = Map.of("hookpoint.db.url", "jdbc:sqlite:" + dir.resolve("cost.db"));
        try (Store store = Store.open(StoreSettings.from(HookpointConfig.of(config).get("hookpoint.db")))) {
            Suppressions fill = new Suppressions(store, ConsentChanges.NONE, Duration.ofSeconds(2), Clock.systemUTC());
            long writeStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                fill.suppress(number(i), Suppressions.Source.ADMIN, null);
            }
            long written = System.nanoTime() - writeStart;
            long loadStart = System.nanoTime();
            Suppressions list = new Suppressions(store, ConsentChanges.NONE, Duration.ofSeconds(2), Clock.systemUTC());
            long loaded = System.nanoTime() - loadStart;
            String[] probes = new String[4096];
            for (int i = 0; i < probes.length; i++) {
                probes[i] = number(i % 2 == 0 ? i * 7 % n : n + i);   // half on the list, half off it
            }
            long hits = 0;
            for (int round = 0; round < 5; round++) {   // warm-up rounds, then the measured one
                long start = System.nanoTime();
                int checks = 20_000_000;
                for (int i = 0; i < checks; i++) {
                    hits += list.suppressed(probes[i & (probes.length - 1)]) ? 1 : 0;
                }
                long nanos = System.nanoTime() - start;
                if (round == 4) {
                    System.out.printf("suppressed numbers: %,d (written in %,d ms, loaded at start in %,d ms)%n",
                            list.size(), written / 1_000_000, loaded / 1_000_000);
                    System.out.printf("check: %.1f ns per request (%,d checks, %,d on the list)%n",
                            (double) nanos / checks, checks, hits / 5);
                }
            }
        }
    }

    private static String number(int i) {
        return "+4207" + String.format("%08d", i);
    }
}
