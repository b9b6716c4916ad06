package io.hookpoint.observe;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.testing.HookpointProcess;

import io.helidon.logging.common.HelidonMdc;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code HOOKPOINT_LOG_FORMAT=json}: one JSON object a line, as a log shipper reads the service's output. */
class JsonLogTest {

    private static JsonObject parse(String line) {
        return Json.createReader(new StringReader(line)).readObject();
    }

    @Test
    void aRecordIsOneLineWithItsFieldsTheRequestIdAndTheException() {
        LogRecord record = new LogRecord(Level.WARNING, "Store unavailable for {0}:\n\"quoted\"");
        record.setParameters(new Object[] {"POST /api/v1/sms"});
        record.setLoggerName("io.hookpoint.web.ErrorAnswers");
        record.setMillis(1_764_590_400_123L);
        record.setThrown(new IllegalStateException("disk full"));
        String line;
        HelidonMdc.set(JsonLogFormatter.REQUEST_ID, "req-42");
        try {
            line = new JsonLogFormatter().format(record);
        } finally {
            HelidonMdc.remove(JsonLogFormatter.REQUEST_ID);
        }

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip().lines()).hasSize(1);
        JsonObject json = parse(line);
        assertThat(json.getString("time")).isEqualTo("2025-12-01T12:00:00.123Z");
        assertThat(json.getString("level")).isEqualTo("WARNING");
        assertThat(json.getString("logger")).isEqualTo("io.hookpoint.web.ErrorAnswers");
        assertThat(json.getString("message")).isEqualTo("Store unavailable for POST /api/v1/sms:\n\"quoted\"");
        assertThat(json.getString("request_id")).isEqualTo("req-42");
        assertThat(json.getString("exception")).startsWith("java.lang.IllegalStateException: disk full")
                .contains("at io.hookpoint.observe.JsonLogTest");

        // outside a request: no request_id, no exception
        JsonObject plain = parse(new JsonLogFormatter().format(new LogRecord(Level.INFO, "started")));
        assertThat(plain.containsKey("request_id")).isFalse();
        assertThat(plain.containsKey("exception")).isFalse();
        assertThat(plain.getString("logger")).isEmpty();
    }

    @Test
    void onlyTextAndJsonAreFormats() {
        assertThat(JsonLogFormatter.apply(HookpointConfig.of(Map.of()))).isFalse();
        assertThat(JsonLogFormatter.apply(HookpointConfig.of(Map.of("hookpoint.log.format", "TEXT")))).isFalse();
        assertThatThrownBy(() -> JsonLogFormatter.apply(HookpointConfig.of(Map.of("hookpoint.log.format", "xml"))))
                .hasMessage("HOOKPOINT_LOG_FORMAT is 'xml': expected text or json");
    }

    @Test
    void theServiceWritesOnlyJsonLinesTheStartMessagesIncluded(@TempDir Path dir) throws Exception {
        HookpointProcess.SetUp setUp = HookpointProcess.setUp(dir);
        Map<String, String> env = new HashMap<>(setUp.env());
        env.put("HOOKPOINT_LOG_FORMAT", "json");
        String output;
        try (HookpointProcess service = HookpointProcess.start(dir, env)) {
            output = service.output();
        }

        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonObject json = parse(line);
            assertThat(json.getString("level")).as(line).isNotEmpty();
            assertThat(json.containsKey("time")).as(line).isTrue();
        }
        assertThat(lines).anySatisfy(line -> assertThat(parse(line).getString("message"))
                .contains("Hookpoint listens on https://localhost:"));
    }
}
