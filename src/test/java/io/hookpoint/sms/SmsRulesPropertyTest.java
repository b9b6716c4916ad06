package io.hookpoint.sms;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hookpoint.idempotency.IdempotentAnswer;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** Properties of the SMS rules and of idempotency, over generated inputs (QuickTheories). */
class SmsRulesPropertyTest {
    private static final String GSM_BASIC = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€";

    private static Gen<String> from(String alphabet, int maxLength) {
        return lists().of(integers().between(0, alphabet.length() - 1)).ofSizeBetween(1, maxLength)
                .map(indexes -> {
                    StringBuilder text = new StringBuilder();
                    indexes.forEach(i -> text.append(alphabet.charAt(i)));
                    return text.toString();
                });
    }

    @Test
    void basicGsmTextsCountOneSeptetPerCharacter() {
        qt().forAll(from(GSM_BASIC, 700)).checkAssert(text -> {
            SmsText measured = SmsText.measure(text);
            int n = text.length();
            assertThat(measured.encoding()).isEqualTo(TextEncoding.GSM_7);
            assertThat(measured.units()).isEqualTo(n);
            assertThat(measured.segments()).isEqualTo(n <= 160 ? 1 : (n + 152) / 153);
        });
    }

    @Test
    void extensionCharactersCountTwoAndAreNeverSplit() {
        qt().forAll(from(GSM_BASIC + GSM_EXTENDED, 500)).checkAssert(text -> {
            SmsText measured = SmsText.measure(text);
            long extended = text.chars().filter(c -> GSM_EXTENDED.indexOf(c) >= 0).count();
            assertThat(measured.units()).isEqualTo(text.length() + extended);
            assertThat(measured.segments()).isEqualTo(SmsFuzzTest.ReferenceSegments.count(text));
            // never fewer parts than the plain division would give
            int units = measured.units();
            assertThat(measured.segments()).isGreaterThanOrEqualTo(units <= 160 ? 1 : (units + 152) / 153);
        });
    }

    @Test
    void oneCharacterOutsideGsmMakesUcs2WithSurrogatePairsKept() {
        Gen<String> texts = from(GSM_BASIC, 300).zip(SourceDSL.integers().between(0x0100, 0x1F64F),
                (gsm, codePoint) -> Character.isSurrogate((char) (int) codePoint) || Character.getType(codePoint)
                        == Character.UNASSIGNED ? gsm + "ř" : gsm + new String(Character.toChars(codePoint)));
        qt().forAll(texts).checkAssert(text -> {
            if (SmsFuzzTest.Gsm0338.encodable(text)) {
                return; // the added character happened to be in the GSM alphabet
            }
            SmsText measured = SmsText.measure(text);
            assertThat(measured.encoding()).isEqualTo(TextEncoding.UCS_2);
            assertThat(measured.units()).isEqualTo(text.length());
            assertThat(measured.segments()).isEqualTo(SmsFuzzTest.ReferenceSegments.count(text));
        });
    }

    @Test
    void anyInterleavingOfDuplicatesMakesOneMessagePerKey() throws Exception {
        Path dir = Files.createTempDirectory("hookpoint-property");
        try (Store store = Store.open(new StoreSettings("jdbc:sqlite:" + dir.resolve("p.db"), "NORMAL",
                Duration.ofSeconds(5)))) {
            SmsAcceptance acceptance = new SmsAcceptance(store, new SmsRequestParser(1),
                    new FixedOutbox(SmsStatus.QUEUED, false), Clock.systemUTC());
            int[] run = {0};
            // a sequence of requests over 4 keys, each with one of 2 payloads
            qt().withExamples(40).forAll(lists().of(integers().between(0, 7)).ofSizeBetween(1, 30)).checkAssert(ops -> {
                String prefix = "run" + run[0]++ + "-";
                Map<String, String> firstPayload = new HashMap<>();
                Map<String, byte[]> firstAnswer = new HashMap<>();
                for (int op : ops) {
                    String key = prefix + (op % 4);
                    String payload = "{\"to\":\"+420777123456\",\"text\":\"variant " + (op / 4) + "\"}";
                    IdempotentAnswer answer = acceptance.accept("u", key,
                            Json.createReader(new StringReader(payload)).readObject());
                    if (!firstPayload.containsKey(key)) {
                        firstPayload.put(key, payload);
                        firstAnswer.put(key, answer.body());
                        assertThat(answer.replayed()).isFalse();
                    } else if (firstPayload.get(key).equals(payload)) {
                        assertThat(answer.replayed()).isTrue();
                        assertThat(answer.body()).isEqualTo(firstAnswer.get(key));
                    } else {
                        assertThat(answer.status()).isEqualTo(422);
                    }
                }
                for (String key : firstPayload.keySet()) {
                    long messages = store.read(h -> h.createQuery(
                            "SELECT COUNT(*) FROM sms_message WHERE idempotency_key = :k").bind("k", key)
                            .mapTo(Long.class).one());
                    assertThat(messages).isEqualTo(1);
                }
            });
        }
    }

}
