package io.hookpoint.sms;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.hookpoint.observe.PrometheusText;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past the content retention ({@code HOOKPOINT_CONTENT_RETENTION}) the service's own purger redacts a
 * message's recipient, sender and text, keeping what reports need; {@code GET /sms/{id}} then shows it
 * without them and with {@code redacted_at}; a message still queued or sending keeps its content; what is
 * redacted is counted. On both engines, through the real service and its schedule.
 */
class ContentRetentionTest {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void contentPastItsRetentionIsRedactedButNotWhileTheMessageIsOnItsWay(Engine engine) throws Exception {
        try (TestHookpoint test = TestHookpoint.create(engine, Map.of("hookpoint.delivery.poll", "PT0.05S",
                "hookpoint.content.retention", "30d", "hookpoint.content.purge", "200ms"))) {
            WebServer server = test.start();
            HttpsClient client = test.client(server.port());
            String old = send(client, "old");
            String sending = send(client, "sending");
            String queued = send(client, "queued");
            String recent = send(client, "recent");
            for (String id : new String[] {old, sending, queued, recent}) {
                client.awaitSmsStatus(id, "sent");
            }
            Store store = test.hookpoint().store();
            long future = System.currentTimeMillis() + DAY;
            // two messages back on their way, held so that the dispatcher leaves them alone
            store.write(h -> h.createUpdate("UPDATE sms_message SET status = 'sending', lease_owner = 'elsewhere',"
                    + " lease_until = :future WHERE message_id = :id").bind("future", future).bind("id", sending)
                    .execute());
            store.write(h -> h.createUpdate("UPDATE sms_message SET status = 'queued', next_attempt_at = :future"
                    + " WHERE message_id = :id").bind("future", future).bind("id", queued).execute());
            // all but one accepted 31 days ago
            store.write(h -> h.createUpdate("UPDATE sms_message SET created_at = created_at - :age"
                    + " WHERE message_id <> :recent").bind("age", 31 * DAY).bind("recent", recent).execute());

            JsonObject redacted = awaitRedacted(client, old);
            assertThat(redacted).doesNotContainKeys("to", "text", "sender");
            assertThat(redacted.getString("status")).isEqualTo("sent");
            assertThat(redacted.getString("reference")).isEqualTo("ref-old");
            assertThat(redacted.getInt("attempts")).isEqualTo(1);
            assertThat(redacted.getInt("segments")).isEqualTo(1);
            assertThat(redacted.containsKey("sent_at")).isTrue();
            String stored = store.read(h -> h.createQuery("SELECT recipient || '|' || text || '|'"
                    + " || COALESCE(sender, '-') FROM sms_message WHERE message_id = :id").bind("id", old)
                    .mapTo(String.class).one());
            assertThat(stored).as("the content is gone from the database, not only from the answer").isEqualTo("||-");

            Thread.sleep(600);
            for (String kept : new String[] {sending, queued, recent}) {
                JsonObject message = client.get("/api/v1/sms/" + kept).json();
                assertThat(message.getString("to")).as(kept).isEqualTo("+420777123456");
                assertThat(message.getString("text")).isEqualTo("Text of " + message.getString("reference"));
                assertThat(message.getString("sender")).isEqualTo("ACME");
                assertThat(message.containsKey("redacted_at")).isFalse();
            }
            assertThat(redactedCount(client)).hasValue(1.0);

            // once the two are sent again, their content goes too; the recent one keeps it
            store.write(h -> h.createUpdate("UPDATE sms_message SET status = 'sent', lease_owner = NULL,"
                    + " lease_until = NULL WHERE message_id IN (:a, :b)").bind("a", sending).bind("b", queued)
                    .execute());
            awaitRedacted(client, sending);
            awaitRedacted(client, queued);
            assertThat(client.get("/api/v1/sms/" + recent).json().getString("text")).isEqualTo("Text of ref-recent");
            assertThat(redactedCount(client)).hasValue(3.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPurgeGoesThroughEveryBatchAndLeavesTheRestAlone(Engine engine, @TempDir Path dir) {
        long now = 1_800_000_000_000L;
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            // 1,234 old messages (more than two batches of 500), 10 old ones still queued, 10 recent ones
            store.write(h -> {
                for (int i = 0; i < 1254; i++) {
                    String status = i >= 1234 && i < 1244 ? "queued" : "sent";
                    long createdAt = i < 1244 ? now - 31 * DAY : now - DAY;
                    h.createUpdate("INSERT INTO sms_message (message_id, user_login, idempotency_key, recipient,"
                            + " sender, text, encoding, segments, status, created_at, updated_at) VALUES (:id, 'u',"
                            + " :id, '+420777123456', 'ACME', 'secret text', 'GSM-7', 1, :status, :at, :at)")
                            .bind("id", "m" + i).bind("status", status).bind("at", createdAt).execute();
                }
                return null;
            });
            ContentPurger purger = new ContentPurger(store, Optional.of(Duration.ofDays(30)), Duration.ofMinutes(10),
                    Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));

            assertThat(purger.purge()).isEqualTo(1234);
            assertThat(purger.redacted()).isEqualTo(1234);
            assertThat(count(store, "redacted_at = " + now + " AND text = '' AND recipient = '' AND sender IS NULL"))
                    .isEqualTo(1234);
            assertThat(count(store, "redacted_at IS NULL AND text = 'secret text'")).isEqualTo(20);
            assertThat(purger.purge()).as("nothing left to do").isZero();

            ContentPurger keeping = new ContentPurger(store, Optional.empty(), Duration.ofMinutes(10),
                    Clock.fixed(Instant.ofEpochMilli(now + 365 * DAY), ZoneOffset.UTC));
            assertThat(keeping.purge()).as("an empty retention keeps content for ever").isZero();
        }
    }

    private static long count(Store store, String where) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM sms_message WHERE " + where).mapTo(Long.class)
                .one());
    }

    private static String send(HttpsClient client, String name) {
        Reply reply = client.sendSms("retention-" + name, "{\"to\":\"+420777123456\",\"text\":\"Text of ref-" + name
                + "\",\"sender\":\"ACME\",\"reference\":\"ref-" + name + "\"}");
        assertThat(reply.success()).as(reply.text()).isTrue();
        return reply.json().getJsonObject("result").getString("message_id");
    }

    private static JsonObject awaitRedacted(HttpsClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject message;
        do {
            message = client.get("/api/v1/sms/" + id).json();
            if (message.containsKey("redacted_at")) {
                return message;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("message " + id + " was not redacted: " + message);
    }

    private static OptionalDouble redactedCount(HttpsClient client) {
        return PrometheusText.value(client.anonymous().get("/observe/metrics").text(),
                "hookpoint_messages_redacted_total");
    }
}
