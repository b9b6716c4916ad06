package io.hookpoint.sms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hookpoint.testing.FuzzSeeds;
import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz targets (Jazzer) for the request body path and the SMS text rules. Plain
 * {@code make test} replays the saved inputs in {@code src/test/resources/io/hookpoint/sms/SmsFuzzTestInputs};
 * {@code make fuzz} fuzzes each target for a bounded time. The targets take {@code byte[]}, which Jazzer
 * delivers as the file's bytes, and decode them here (a {@code String} parameter is decoded in Jazzer's own
 * format, so a plain-text saved input would arrive as something else); {@link #afterAll()} proves that
 * each saved input arrived unchanged and reached its assertion.
 */
class SmsFuzzTest {
    private static final SmsRequestParser PARSER = new SmsRequestParser(3);
    private static final FuzzSeeds SEEDS = new FuzzSeeds(SmsFuzzTest.class);
    private static final Map<String, Map<String, Object>> EXPECTED = Map.of(
            "bodyToAnswer", Map.of("valid", Body.DRAFT, "wrong-types", Body.CUSTOMER_PROBLEMS,
                    "unclosed", Body.NOT_JSON, "duplicate-key", Body.NOT_JSON),
            "segmentCount", Map.of("mixed", Segments.COMPARED));

    /** Where {@link #checkBody(byte[])} ended: each is an answer the policy defines, checked. */
    enum Body { NOT_JSON, NOT_AN_OBJECT, CUSTOMER_PROBLEMS, DRAFT }

    /** Where {@link #checkSegments(byte[])} ended. */
    enum Segments { UNSUPPORTED_CHARACTERS, COMPARED }

    /** Any bytes as a request body: refused as not JSON, or parsed; never an unexpected exception. */
    @FuzzTest(maxDuration = "60s")
    void bodyToAnswer(byte[] body) {
        SEEDS.record("bodyToAnswer", body, checkBody(body));
    }

    /** Any text (the input's bytes as UTF-8): the segment count agrees with an independent count. */
    @FuzzTest(maxDuration = "60s")
    void segmentCount(byte[] utf8) {
        SEEDS.record("segmentCount", utf8, checkSegments(utf8));
    }

    @AfterAll
    static void afterAll() {
        SEEDS.assertSavedInputsReached(EXPECTED, Segments.UNSUPPORTED_CHARACTERS);
    }

    /** The same saved inputs, replayed without Jazzer through the same checks, reach the branch named for them. */
    @Test
    void savedInputsReachTheirAssertions() {
        Map<String, byte[]> bodies = FuzzSeeds.saved(SmsFuzzTest.class, "bodyToAnswer");
        assertThat(bodies).containsOnlyKeys(EXPECTED.get("bodyToAnswer").keySet());
        bodies.forEach((name, bytes) -> assertThat(checkBody(bytes)).as(name)
                .isEqualTo(EXPECTED.get("bodyToAnswer").get(name)));
        FuzzSeeds.saved(SmsFuzzTest.class, "segmentCount").forEach((name, bytes) ->
                assertThat(checkSegments(bytes)).as(name).isEqualTo(Segments.COMPARED));
        assertThat(FuzzSeeds.saved(SmsFuzzTest.class, "segmentCount")).containsKeys("mixed", "gsm-long", "ucs2-long");
    }

    /** The oracle's alphabet (typed from 3GPP TS 23.038) and the code's agree on every code point. */
    @Test
    void theOracleAlphabetAgreesWithTheCodeOnEveryCodePoint() {
        List<String> disagreements = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int oracle = Gsm0338.septets(cp);
            int code = GsmAlphabet.septets(cp);
            if (oracle != code) {
                disagreements.add(String.format("U+%04X: standard %d, code %d", cp, oracle, code));
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(Gsm0338.septets('€')).isEqualTo(2);
        assertThat(Gsm0338.septets('@')).isEqualTo(1);
        assertThat(Gsm0338.septets('ç')).isZero(); // 0x09 is the capital Ç
    }

    static Body checkBody(byte[] body) {
        JsonValue value;
        try {
            value = JsonBodies.parse(body);
        } catch (JsonBodies.MalformedJsonException e) {
            return Body.NOT_JSON; // 400, the policy's answer
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return Body.NOT_AN_OBJECT; // 400
        }
        SmsRequestParser.Parsed parsed = PARSER.parse(value.asJsonObject());
        if (parsed.draft() == null) {
            // only per-customer problems: answered 200 with success:false, never a 4xx
            assertThat(parsed.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.code().status()).isEqualTo(200));
            assertThat(Answers.errorBody(parsed.problems())).isNotEmpty();
            return Body.CUSTOMER_PROBLEMS;
        }
        SmsDraft draft = parsed.draft();
        assertThat(draft.measure().segments()).isBetween(1, 3);
        assertThat(Recipient.normalize(draft.recipient())).contains(draft.recipient());
        return Body.DRAFT;
    }

    static Segments checkSegments(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (SmsText.hasUnsupportedCharacters(text)) {
            return Segments.UNSUPPORTED_CHARACTERS;
        }
        SmsText measured = SmsText.measure(text);
        assertThat(measured.encoding()).isEqualTo(Gsm0338.encodable(text) ? TextEncoding.GSM_7 : TextEncoding.UCS_2);
        assertThat(measured.units()).as("units").isEqualTo(ReferenceSegments.units(text));
        assertThat(measured.segments()).as("segments").isEqualTo(ReferenceSegments.count(text));
        return Segments.COMPARED;
    }

    /**
     * The GSM 7-bit default alphabet and its extension table, typed from 3GPP TS 23.038 section 6.2.1
     * independently of the code under test (which {@link #theOracleAlphabetAgreesWithTheCodeOnEveryCodePoint()}
     * checks against it).
     */
    static final class Gsm0338 {
        private static final char ESC = '\u001B'; // 0x1B: escape to the extension table, not a character
        /** Septet value -> character, rows 0x00-0x0F, 0x10-0x1F, ... of the default alphabet. */
        private static final String DEFAULT = ""
                + "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
                + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E" + ESC + "\u00C6\u00E6\u00DF\u00C9"
                + " !\"#\u00A4%&'()*+,-./"
                + "0123456789:;<=>?"
                + "\u00A1ABCDEFGHIJKLMNO"
                + "PQRSTUVWXYZ\u00C4\u00D6\u00D1\u00DC\u00A7"
                + "\u00BFabcdefghijklmno"
                + "pqrstuvwxyz\u00E4\u00F6\u00F1\u00FC\u00E0";
        /** Extension table: septet after the escape -> character. */
        private static final Map<Integer, Character> EXTENSION = Map.of(
                0x0A, '\f', 0x14, '^', 0x28, '{', 0x29, '}', 0x2F, '\\',
                0x3C, '[', 0x3D, '~', 0x3E, ']', 0x40, '|', 0x65, '\u20AC');

        private Gsm0338() {
        }

        /** Septets a code point takes in GSM-7: 1, 2 (escape + extension), or 0 when it has none. */
        static int septets(int codePoint) {
            if (codePoint != ESC && codePoint <= Character.MAX_VALUE && DEFAULT.indexOf(codePoint) >= 0) {
                return 1;
            }
            return EXTENSION.containsValue(codePoint <= Character.MAX_VALUE ? (char) codePoint : '\0') ? 2 : 0;
        }

        static boolean encodable(String text) {
            return text.codePoints().allMatch(cp -> septets(cp) > 0);
        }
    }

    /** A second, deliberately plain implementation of the segment rules, to check the first against. */
    static final class ReferenceSegments {
        private ReferenceSegments() {
        }

        // the text cut into indivisible pieces with their sizes: a GSM character (1 or 2), a UTF-16 char,
        // or a surrogate pair (2)
        static List<Integer> pieces(String text) {
            List<Integer> sizes = new ArrayList<>();
            boolean gsm = Gsm0338.encodable(text);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (gsm) {
                    sizes.add(Gsm0338.septets(c));
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    sizes.add(2);
                    i++;
                } else {
                    sizes.add(1);
                }
            }
            return sizes;
        }

        static int units(String text) {
            return pieces(text).stream().mapToInt(Integer::intValue).sum();
        }

        static int count(String text) {
            boolean gsm = Gsm0338.encodable(text);
            int single = gsm ? 160 : 70;
            int part = gsm ? 153 : 67;
            if (units(text) <= single) {
                return 1;
            }
            int parts = 1;
            int used = 0;
            for (int size : pieces(text)) {
                if (used + size > part) {
                    parts++;
                    used = 0;
                }
                used += size;
            }
            return parts;
        }
    }
}
