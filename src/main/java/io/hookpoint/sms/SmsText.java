package io.hookpoint.sms;

/**
 * An SMS text measured the way a network sends it: its encoding, its length in units of that encoding
 * and the number of parts (segments) it needs. Parts never split an extension character's escape
 * sequence or a surrogate pair.
 *
 * @param encoding GSM-7 when every character is in the GSM alphabet, else UCS-2
 * @param units    septets (GSM-7) or UTF-16 code units (UCS-2)
 * @param segments parts needed; 1 for a text that fits a single SMS
 */
public record SmsText(TextEncoding encoding, int units, int segments) {

    /**
     * Measures a text.
     *
     * @param text a text without unpaired surrogates (see {@link #hasUnsupportedCharacters(String)})
     * @return its encoding, length and number of parts
     */
    public static SmsText measure(String text) {
        if (isGsm(text)) {
            return count(text, TextEncoding.GSM_7);
        }
        return count(text, TextEncoding.UCS_2);
    }

    /**
     * Whether a text holds something no SMS can carry: an unpaired surrogate, or a control character
     * other than line feed, carriage return and form feed.
     *
     * @param text the text
     * @return true when it cannot be sent
     */
    public static boolean hasUnsupportedCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
            if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\f') {
                return true;
            }
        }
        return false;
    }

    private static boolean isGsm(String text) {
        return text.codePoints().allMatch(cp -> GsmAlphabet.septets(cp) > 0);
    }

    private static SmsText count(String text, TextEncoding encoding) {
        int total = 0;
        int segments = 1;
        int inSegment = 0;
        boolean multipart = false;
        // first pass: total length decides whether the text is split at all
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            total += width(cp, encoding);
            i += Character.charCount(cp);
        }
        if (total > encoding.singleLimit()) {
            multipart = true;
        }
        if (multipart) {
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int w = width(cp, encoding);
                if (inSegment + w > encoding.partLimit()) {
                    segments++;
                    inSegment = 0;
                }
                inSegment += w;
                i += Character.charCount(cp);
            }
        }
        return new SmsText(encoding, total, segments);
    }

    private static int width(int codePoint, TextEncoding encoding) {
        return encoding == TextEncoding.GSM_7 ? GsmAlphabet.septets(codePoint) : Character.charCount(codePoint);
    }
}
