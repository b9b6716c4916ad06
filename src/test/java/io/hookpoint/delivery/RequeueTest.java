package io.hookpoint.delivery;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookpoint.cli.HookpointCommand;
import io.hookpoint.cli.RequeueCommand;
import io.hookpoint.cli.ServeCommand;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.StubProvider;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;
import io.hookpoint.testing.TestHookpoint;

import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hookpoint requeue} against the store of a running service on both engines: failed messages go back to
 * the queue and are sent, attempts from zero, the reason kept; redacted, opted-out, expired and lost-answer
 * messages are left alone unless asked (expired, lost answers); the counts are printed.
 */
class RequeueTest {
    @TempDir
    Path dir;
    private StubProvider provider;
    private TestHookpoint hookpoint;
    private HttpsClient client;
    private Map<String, String> config;

    private void start(Engine engine) throws Exception {
        provider = new StubProvider();
        config = new HashMap<>(Map.of(
                "hookpoint.gateway.type", "http",
                "hookpoint.gateway.url", provider.url().toString(),
                "hookpoint.gateway.auth.value", "Bearer provider-token",
                "hookpoint.delivery.poll", "PT0.05S",
                "hookpoint.db.url", TestDatabase.url(engine, dir)));
        hookpoint = TestHookpoint.create(config);
        WebServer server = hookpoint.start();
        client = hookpoint.client(server.port());
    }

    @AfterEach
    void stop() {
        Closing.inOrder(hookpoint, provider);
    }

    private record Run(int code, String out, String err) {
    }

    private Run requeue(String... args) {
        CommandLine cli = new CommandLine(new RequeueCommand(() -> HookpointConfig.of(config)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private String send() {
        Reply reply = client.sendSms("requeue-" + UUID.randomUUID(), "{\"to\":\"+420777123456\",\"text\":\"Again\"}");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getString("message_id");
    }

    private void set(String id, String assignments) {
        hookpoint.hookpoint().store().write(h -> h.createUpdate("UPDATE sms_message SET " + assignments
                + " WHERE message_id = :id").bind("id", id).execute());
    }

    private String stored(String id, String column) {
        return hookpoint.hookpoint().store().read(h -> h.createQuery("SELECT " + column
                + " FROM sms_message WHERE message_id = :id").bind("id", id).mapTo(String.class).one());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void failedMessagesAreSentAgainAndTheOnesThatMustNotBeAreLeftAlone(Engine engine) throws Exception {
        start(engine);
        Instant before = Instant.now().minus(1, ChronoUnit.MINUTES);
        // a provider outage: every message refused for good
        provider.behave((id, attempt) -> StubProvider.Answer.of(400));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(send());
        }
        for (String id : ids) {
            assertThat(client.awaitSmsStatus(id, "failed").getString("last_error")).contains("400");
        }
        // the other ways a message ends failed, recorded as the service records them
        String optedOut = ids.get(3);
        String expired = ids.get(4);
        String redacted = ids.get(5);
        String lost = ids.get(6);
        set(optedOut, "last_error = '1012 Recipient has opted out.'");
        set(expired, "last_error = 'expired: not handed to the provider within PT24H of its acceptance'");
        set(redacted, "recipient = '', text = '', redacted_at = 1");
        set(lost, "answer_lost = 1");
        provider.behave((id, attempt) -> StubProvider.Answer.of(202));

        Run run = requeue("--from", before.toString(), "--to", Instant.now().plusSeconds(60).toString(),
                "--reason", "provider outage INC-42");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("requeued 3 failed messages; skipped 1 content redacted, 1 recipient"
                + " opted out (1012), 1 expired (--include-expired), 1 provider's answer lost (--include-lost-answers)");
        for (String id : ids.subList(0, 3)) {
            JsonObject message = client.awaitSmsStatus(id, "sent");
            assertThat(message.getInt("attempts")).as("counted from zero again").isEqualTo(1);
            assertThat(message.containsKey("last_error")).isFalse();
            assertThat(provider.callsFor(id)).hasSize(2);
            assertThat(stored(id, "requeue_reason")).startsWith("provider outage INC-42 (failed: ")
                    .contains("400");
            assertThat(stored(id, "requeued_at")).isNotNull();
        }
        for (String id : List.of(optedOut, expired, redacted, lost)) {
            assertThat(client.get("/api/v1/sms/" + id).json().getString("status")).isEqualTo("failed");
            assertThat(provider.callsFor(id)).hasSize(1);
        }

        // asked explicitly, by id: the expired one and the lost answer; never the opted-out or redacted one
        Run explicit = requeue("--id", expired + "," + lost, "--id", optedOut, "--id", redacted, "--id", ids.get(0),
                "--id", "no-such-message", "--include-expired", "--include-lost-answers", "--reason", "checked");

        assertThat(explicit.code()).as(explicit.err()).isZero();
        assertThat(explicit.out().strip()).isEqualTo("requeued 2 failed messages; skipped 1 content redacted,"
                + " 1 recipient opted out (1012), 2 not failed or unknown");
        client.awaitSmsStatus(expired, "sent");
        client.awaitSmsStatus(lost, "sent");
        assertThat(client.get("/api/v1/sms/" + optedOut).json().getString("status")).isEqualTo("failed");
        assertThat(provider.callsFor(ids.get(0))).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theErrorAndTheTimeRangeNarrowTheSelection(Engine engine) throws Exception {
        start(engine);
        provider.behave((id, attempt) -> StubProvider.Answer.of(400));
        String early = send();
        client.awaitSmsStatus(early, "failed");
        Thread.sleep(50);
        Instant between = Instant.now();
        Thread.sleep(50);
        String late = send();
        client.awaitSmsStatus(late, "failed");
        set(late, "last_error = 'provider answered 400: Invalid \"To\" 100%_sure'");
        provider.behave((id, attempt) -> StubProvider.Answer.of(202));

        // a LIKE wildcard in the text is taken literally
        assertThat(requeue("--from", between.toString(), "--error", "0%_S", "--reason", "r").out().strip())
                .isEqualTo("requeued 1 failed message");
        assertThat(requeue("--from", between.minusSeconds(60).toString(), "--to", between.toString(),
                "--error", "no such error", "--reason", "r").out().strip()).isEqualTo("requeued 0 failed messages");
        client.awaitSmsStatus(late, "sent");
        assertThat(client.get("/api/v1/sms/" + early).json().getString("status")).isEqualTo("failed");
    }

    @Test
    void wrongUseExits2AndChangesNothing() throws Exception {
        start(Engine.SQLITE);
        Map<String, String> cases = Map.of(
                "--reason x", "--id, or by --from",
                "--id a --from 2026-12-01T10:00:00Z --reason x", "--id, or by --from",
                "--from yesterday --reason x", "expected ISO-8601",
                "--from 2026-12-02T10:00:00Z --to 2026-12-01T10:00:00Z --reason x", "--from must be before --to",
                "--to 2026-12-01T10:00:00Z --reason x", "--to needs --from",
                "--id a", "--reason");
        cases.forEach((args, expected) -> {
            Run run = requeue(args.split(" "));
            assertThat(run.code()).as(args).isEqualTo(2);
            assertThat(run.err()).as(args).contains(expected);
            assertThat(run.out()).isEmpty();
        });

        // a SQLite file that is not there: the wrong directory, not an empty store to create
        config.put("hookpoint.db.url", "jdbc:sqlite:" + dir.resolve("elsewhere/hookpoint.db"));
        Run missing = requeue("--id", "a", "--reason", "x");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no database at " + dir.resolve("elsewhere/hookpoint.db"));
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void theCommandLineListsIt() {
        CommandLine cli = HookpointCommand.create(new ServeCommand(new PrintStream(PrintStream.nullOutputStream()),
                () -> HookpointConfig.of(Map.of())));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("requeue", "--help")).isZero();
        assertThat(out.toString()).contains("--id", "--from", "--to", "--error", "--reason", "--include-expired",
                "--include-lost-answers", "1012");
    }
}
