package io.hookpoint.sms;

/**
 * The GSM 03.38 default alphabet and its extension table: which characters a 7-bit SMS can carry and
 * how many septets each takes (extension characters are sent as ESC + character, two septets).
 */
final class GsmAlphabet {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private GsmAlphabet() {
    }

    /**
     * Septets a character takes in GSM-7.
     *
     * @param codePoint a Unicode code point
     * @return 1 for the basic table, 2 for the extension table, 0 when GSM-7 cannot carry it
     */
    static int septets(int codePoint) {
        if (codePoint > 0xFFFF) {
            return 0;
        }
        char c = (char) codePoint;
        if (BASIC.indexOf(c) >= 0) {
            return 1;
        }
        if (EXTENSION.indexOf(c) >= 0) {
            return 2;
        }
        return 0;
    }
}
