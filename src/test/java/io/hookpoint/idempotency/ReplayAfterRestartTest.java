package io.hookpoint.idempotency;

import java.util.Map;

import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The idempotency log lives in the database (either engine), not in memory: a restart keeps every answer. */
class ReplayAfterRestartTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReplayAfterARestartGetsTheStoredAnswer(Engine engine) {
        try (TestHookpoint hookpoint = TestHookpoint.create(engine, Map.of())) {
            WebServer server = hookpoint.start();
            String body = "{\"to\":\"+420777123456\",\"text\":\"Before the restart\"}";
            Reply before = hookpoint.client(server.port()).sendSms("restart-key", body);
            Reply invalidBefore = hookpoint.client(server.port()).sendSms("restart-invalid", "{\"text\":\"x\"}");

            WebServer restarted = hookpoint.restart();
            Reply after = hookpoint.client(restarted.port()).sendSms("restart-key", body);
            Reply invalidAfter = hookpoint.client(restarted.port()).sendSms("restart-invalid", "{\"text\":\"x\"}");

            assertThat(before.status()).isEqualTo(200);
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.body()).isEqualTo(before.body());
            assertThat(after.header("Idempotent-Replayed")).contains("true");
            assertThat(invalidAfter.body()).isEqualTo(invalidBefore.body());
            long messages = hookpoint.hookpoint().store().read(h -> h.createQuery(
                    "SELECT COUNT(*) FROM sms_message WHERE idempotency_key = 'restart-key'")
                    .mapTo(Long.class).one());
            assertThat(messages).isEqualTo(1);
        }
    }
}
