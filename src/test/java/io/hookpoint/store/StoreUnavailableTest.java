package io.hookpoint.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.ErrorCode;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database stays locked past the store's timeout (another process holds the write lock),
 * the answer is 503 with Retry-After, nothing is recorded, and the retry succeeds once it is free.
 */
class StoreUnavailableTest {

    @Test
    void aLockedDatabaseIs503AndTheRetryIsProcessedAfresh() throws Exception {
        try (TestHookpoint hookpoint = TestHookpoint.create(Map.of("hookpoint.db.timeout", "PT0.3S"))) {
            WebServer server = hookpoint.start();
            HttpsClient client = hookpoint.client(server.port());
            String body = "{\"to\":\"+420777123456\",\"text\":\"Hello\"}";
            String url = "jdbc:sqlite:" + hookpoint.directory().resolve("data/hookpoint.db");

            List<String> requestIdsOfWarnings = new ArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    if (record.getLevel() == Level.WARNING && String.valueOf(record.getMessage()).contains("503")) {
                        synchronized (requestIdsOfWarnings) {
                            requestIdsOfWarnings.add(HelidonMdc.get("requestId").orElse(""));
                        }
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger.getLogger("").addHandler(capture);
            Reply locked;
            try (Connection other = DriverManager.getConnection(url);
                 Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                // answered while the lock is still held: the request gave up after its timeout
                locked = client.sendSms("busy-key", body);
                statement.execute("ROLLBACK");
            }
            Logger.getLogger("").removeHandler(capture);
            Reply retry = client.sendSms("busy-key", body);

            assertThat(locked.status()).isEqualTo(503);
            assertThat(locked.header("Retry-After")).contains("5");
            assertThat(locked.errorCodes()).containsExactly(ErrorCode.STORE_UNAVAILABLE.code());
            assertThat(locked.text()).doesNotContain("SQLITE").doesNotContain("Exception");
            assertThat(BloomreachSender.react(locked.status())).isEqualTo(BloomreachReaction.RETRY);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.header("Idempotent-Replayed")).isEmpty();
            assertThat(hookpoint.hookpoint().store().isWritable()).isTrue();
            // the log line of that request carries the id the answer carried
            assertThat(requestIdsOfWarnings).contains(locked.header("X-Request-Id").orElseThrow());
        }
    }
}
