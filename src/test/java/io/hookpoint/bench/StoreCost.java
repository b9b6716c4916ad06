package io.hookpoint.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.delivery.DeliverySettings;
import io.hookpoint.delivery.Dispatcher;
import io.hookpoint.delivery.LogGateway;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.sms.SmsAcceptance;
import io.hookpoint.sms.SmsRequestParser;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.TestDatabase;

import jakarta.json.Json;

/**
 * The store side alone, without HTTP or wrk: 1000-item batches accepted through {@link SmsAcceptance} with
 * the dispatcher stopped, then delivered through the {@code log} gateway (a file, as in {@code make bench});
 * CPU per item of the whole process and of the store's writer thread, for each phase. Far steadier than
 * {@code make bench} on a shared machine: nothing else of the service runs. {@code BENCH_DB=postgresql} for
 * an embedded PostgreSQL; {@code STORE_COST_DDL="DROP INDEX ...; CREATE INDEX ..."} to measure other indexes.
 * Run: {@code java -cp target/test-classes:target/classes:target/libs/* io.hookpoint.bench.StoreCost [batches]}.
 */
public final class StoreCost {
    private StoreCost() {
    }

    /**
     * Runs it.
     *
     * @param args the number of batches per round (default 30)
     * @throws Exception when the store cannot run
     */
    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("store-cost");
        Logger gatewayLog = Logger.getLogger(LogGateway.class.getName());
        gatewayLog.setUseParentHandlers(false);
        FileHandler file = new FileHandler(dir.resolve("server.log").toString());
        file.setFormatter(new SimpleFormatter());
        gatewayLog.addHandler(file);
        String url = Bench.POSTGRESQL ? TestDatabase.newPostgresDatabase() : "jdbc:sqlite:" + dir.resolve("h.db");
        PrintStream out = System.out;
        out.printf("store: %s, synchronous=FULL; %d batches of 1000 per round; load average %s%n",
                Bench.POSTGRESQL ? "PostgreSQL" : "SQLite", batches, CpuMeter.loadAverage());
        try (Store store = Store.open(new StoreSettings(url, "FULL", Duration.ofSeconds(30)))) {
            // STORE_COST_DDL: statements run after the migrations, to measure another set of indexes
            String ddl = System.getenv().getOrDefault("STORE_COST_DDL", "");
            for (String statement : ddl.split(";")) {
                if (!statement.isBlank()) {
                    out.println("  after the migrations: " + statement.strip());
                    store.write(h -> h.execute(statement));
                }
            }
            for (int round = 0; round < 4; round++) {
                Dispatcher dispatcher = new Dispatcher(store, new LogGateway(), DeliverySettings.from(HookpointConfig.of(java.util.Map.of()).get("hookpoint.delivery")),
                        Duration.ofSeconds(10), Clock.systemUTC(), StatusChanges.NONE, OptOutGuard.NONE);
                SmsAcceptance acceptance = new SmsAcceptance(store, new SmsRequestParser(10), dispatcher,
                        Clock.systemUTC());
                long cpu = CpuMeter.now();
                long writer = CpuMeter.threadNanos("store-writer");
                long started = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    acceptance.acceptAll("bench", batch(round, b));
                }
                double items = batches * 1000.0;
                double acceptMs = (System.nanoTime() - started) / 1e6 / batches;
                double acceptCpu = (CpuMeter.now() - cpu) / 1000.0 / items;
                double acceptWriter = (CpuMeter.threadNanos("store-writer") - writer) / 1000.0 / items;
                cpu = CpuMeter.now();
                writer = CpuMeter.threadNanos("store-writer");
                started = System.nanoTime();
                dispatcher.start();
                while (backlog(store) > 0) {
                    Thread.sleep(20);
                }
                double deliverSeconds = (System.nanoTime() - started) / 1e9;
                double deliverCpu = (CpuMeter.now() - cpu) / 1000.0 / items;
                double deliverWriter = (CpuMeter.threadNanos("store-writer") - writer) / 1000.0 / items;
                dispatcher.close();
                out.printf("  %s: accept %.1f ms per batch, %.1f us CPU per item (writer thread %.1f);"
                                + " deliver %.0f messages/s, %.1f us CPU per message (writer thread %.1f)%n",
                        round == 0 ? "warm-up" : "round " + round, acceptMs, acceptCpu, acceptWriter,
                        items / deliverSeconds, deliverCpu, deliverWriter);
            }
        }
        System.exit(0);
    }

    private static List<SmsAcceptance.Request> batch(int round, int batch) {
        List<SmsAcceptance.Request> items = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
            String key = "b-" + round + "-" + batch + "-" + i;
            items.add(new SmsAcceptance.Request(key, Json.createObjectBuilder().add("to", "+420777" + (100000 + i))
                    .add("text", "Hello customer " + i).build()));
        }
        return items;
    }

    // one count per partial index (an IN of both statuses would read the whole table every 20 ms)
    private static long backlog(Store store) {
        return store.read(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM sms_message WHERE status = 'queued')"
                + " + (SELECT COUNT(*) FROM sms_message WHERE status = 'sending')").mapTo(Long.class).one());
    }
}
