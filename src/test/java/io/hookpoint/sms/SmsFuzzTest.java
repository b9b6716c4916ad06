package io.hookpoint.sms;

import java.util.ArrayList;
import java.util.List;

import io.hookpoint.web.Answers;
import io.hookpoint.web.JsonBodies;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jakarta.json.JsonValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz targets (Jazzer) for the request body path and the SMS text rules. Plain
 * {@code make test} replays the saved inputs in {@code src/test/resources/io/hookpoint/sms/SmsFuzzTestInputs};
 * {@code make fuzz} fuzzes each target for a bounded time.
 */
class SmsFuzzTest {
    private static final SmsRequestParser PARSER = new SmsRequestParser(3);

    /** Any bytes as a request body: refused as not JSON, or parsed; never an unexpected exception. */
    @FuzzTest(maxDuration = "60s")
    void bodyToAnswer(byte[] body) {
        if (body == null) {
            return;
        }
        JsonValue value;
        try {
            value = JsonBodies.parse(body);
        } catch (JsonBodies.MalformedJsonException e) {
            return; // 400, the policy's answer
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return; // 400
        }
        SmsRequestParser.Parsed parsed = PARSER.parse(value.asJsonObject());
        if (parsed.draft() == null) {
            // only per-customer problems: answered 200 with success:false, never a 4xx
            assertThat(parsed.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.code().status()).isEqualTo(200));
            assertThat(Answers.errorBody(parsed.problems())).isNotEmpty();
        } else {
            SmsDraft draft = parsed.draft();
            assertThat(draft.measure().segments()).isBetween(1, 3);
            assertThat(Recipient.normalize(draft.recipient())).contains(draft.recipient());
        }
    }

    /** Any text: the segment count agrees with an independent count. */
    @FuzzTest(maxDuration = "60s")
    void segmentCount(String text) {
        if (text == null || SmsText.hasUnsupportedCharacters(text)) {
            return;
        }
        SmsText measured = SmsText.measure(text);
        assertThat(measured.segments()).isEqualTo(ReferenceSegments.count(text));
        assertThat(measured.units()).isEqualTo(ReferenceSegments.units(text));
    }

    /** A second, deliberately plain implementation of the segment rules, to check the first against. */
    static final class ReferenceSegments {
        private static final String GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        private static final String EXTENDED = "\f^{}\\[~]|€";

        private ReferenceSegments() {
        }

        static boolean gsm(String text) {
            for (char c : text.toCharArray()) {
                if (GSM.indexOf(c) < 0 && EXTENDED.indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }

        // the text cut into indivisible pieces with their sizes: a GSM character (1 or 2), a UTF-16 char,
        // or a surrogate pair (2)
        static List<Integer> pieces(String text) {
            List<Integer> sizes = new ArrayList<>();
            boolean gsm = gsm(text);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (gsm) {
                    sizes.add(EXTENDED.indexOf(c) >= 0 ? 2 : 1);
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
            boolean gsm = gsm(text);
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
