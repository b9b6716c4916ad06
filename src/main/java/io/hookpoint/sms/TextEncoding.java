package io.hookpoint.sms;

/** How an SMS text travels: GSM 03.38 7-bit, or UCS-2 (UTF-16) for anything GSM cannot carry. */
public enum TextEncoding {
    GSM_7("GSM-7", 160, 153),
    UCS_2("UCS-2", 70, 67);

    private final String label;
    private final int singleLimit;
    private final int partLimit;

    TextEncoding(String label, int singleLimit, int partLimit) {
        this.label = label;
        this.singleLimit = singleLimit;
        this.partLimit = partLimit;
    }

    /** The name used in the contract ({@code GSM-7}, {@code UCS-2}). */
    public String label() {
        return label;
    }

    /** Units (septets or UTF-16 code units) that fit one SMS sent alone. */
    public int singleLimit() {
        return singleLimit;
    }

    /** Units that fit one part of a concatenated SMS (the rest carries the part header). */
    public int partLimit() {
        return partLimit;
    }

    /**
     * How many units a text of at most {@code segments} parts may have.
     *
     * @param segments the number of parts allowed
     * @return the limit in units
     */
    public int limit(int segments) {
        return segments <= 1 ? singleLimit : partLimit * segments;
    }
}
