package io.hookpoint.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Encoding detection and segment counting at the GSM-7 and UCS-2 boundaries. */
class SmsTextTest {

    @ParameterizedTest(name = "{0} x {1} -> {2} units, {3} segments")
    @CsvSource(textBlock = """
            a,   1,   1, 1
            a, 160, 160, 1
            a, 161, 161, 2
            a, 306, 306, 2
            a, 307, 307, 3
            €,  80, 160, 1
            €,  81, 162, 2
            """)
    void gsmTexts(String character, int repeat, int units, int segments) {
        SmsText text = SmsText.measure(character.repeat(repeat));

        assertThat(text.encoding()).isEqualTo(TextEncoding.GSM_7);
        assertThat(text.units()).isEqualTo(units);
        assertThat(text.segments()).isEqualTo(segments);
    }

    @ParameterizedTest(name = "{0} x {1} -> {2} units, {3} segments")
    @CsvSource(textBlock = """
            ř,  70,  70, 1
            ř,  71,  71, 2
            ř, 134, 134, 2
            ř, 135, 135, 3
            """)
    void ucs2Texts(String character, int repeat, int units, int segments) {
        SmsText text = SmsText.measure(character.repeat(repeat));

        assertThat(text.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(text.units()).isEqualTo(units);
        assertThat(text.segments()).isEqualTo(segments);
    }

    @Test
    void everyExtensionCharacterCountsDouble() {
        SmsText text = SmsText.measure("^{}\\[~]|€");

        assertThat(text.encoding()).isEqualTo(TextEncoding.GSM_7);
        assertThat(text.units()).isEqualTo(18);
    }

    @Test
    void oneCharacterOutsideGsmMakesTheWholeTextUcs2() {
        SmsText text = SmsText.measure("a".repeat(100) + "ć");

        assertThat(text.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(text.units()).isEqualTo(101);
        assertThat(text.segments()).isEqualTo(2);
    }

    @Test
    void anEscapeSequenceIsNotSplitAcrossParts() {
        // 152 septets, then '€' (2 septets) would straddle the 153-septet part boundary
        SmsText text = SmsText.measure("a".repeat(152) + "€" + "a".repeat(10));

        assertThat(text.units()).isEqualTo(164);
        assertThat(text.segments()).isEqualTo(2);
        // 152 + 1 pushes '€' into part 2: 152 | 2 + 10 -> still 2 parts; at 306 it would need a third
        assertThat(SmsText.measure("a".repeat(152) + "€" + "a".repeat(152)).segments()).isEqualTo(3);
    }

    @Test
    void aSurrogatePairIsNotSplitAcrossParts() {
        String emoji = "😀";
        // 66 units, then a pair that would straddle the 67-unit boundary
        SmsText text = SmsText.measure("ř".repeat(66) + emoji + "ř".repeat(66));

        assertThat(text.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(text.units()).isEqualTo(134);
        assertThat(text.segments()).isEqualTo(3);
        assertThat(SmsText.measure("ř".repeat(67) + "ř".repeat(67)).segments()).isEqualTo(2);
    }

    @Test
    void combiningCharactersCountAsTheirOwnUnits() {
        String decomposed = "e\u0301"; // e + combining acute accent, not GSM
        SmsText text = SmsText.measure(decomposed);

        assertThat(text.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(text.units()).isEqualTo(2);
        assertThat(SmsText.measure("é").encoding()).isEqualTo(TextEncoding.GSM_7);
    }

    @Test
    void unsupportedCharacters() {
        assertThat(SmsText.hasUnsupportedCharacters("line\nbreak\rform\ffeed")).isFalse();
        assertThat(SmsText.hasUnsupportedCharacters("emoji 😀 ok")).isFalse();
        assertThat(SmsText.hasUnsupportedCharacters("nul\u0000")).isTrue();
        assertThat(SmsText.hasUnsupportedCharacters("bell\u0007")).isTrue();
        assertThat(SmsText.hasUnsupportedCharacters("lone \ud83d high")).isTrue();
        assertThat(SmsText.hasUnsupportedCharacters("lone \ude00 low")).isTrue();
        assertThat(SmsText.hasUnsupportedCharacters("end \ud83d")).isTrue();
    }

    @Test
    void limitsPerNumberOfSegments() {
        assertThat(TextEncoding.GSM_7.limit(1)).isEqualTo(160);
        assertThat(TextEncoding.GSM_7.limit(3)).isEqualTo(459);
        assertThat(TextEncoding.UCS_2.limit(1)).isEqualTo(70);
        assertThat(TextEncoding.UCS_2.limit(2)).isEqualTo(134);
    }
}
