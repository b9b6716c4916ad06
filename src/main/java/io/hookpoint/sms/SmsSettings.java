package io.hookpoint.sms;

import io.helidon.config.Config;

/**
 * The SMS rules an operator chooses.
 *
 * @param maxSegments SMS parts a text may need
 * @param batchItems  the most messages in one batch request
 */
public record SmsSettings(int maxSegments, int batchItems) {

    /**
     * Reads the settings ({@code hookpoint.sms} and {@code hookpoint.batch.items} in {@code application.yaml}).
     *
     * @param hookpoint the {@code hookpoint} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static SmsSettings from(Config hookpoint) {
        SmsSettings settings = new SmsSettings(hookpoint.get("sms.segments").asInt().get(),
                hookpoint.get("batch.items").asInt().get());
        if (settings.maxSegments < 1 || settings.maxSegments > 255) {
            throw new IllegalArgumentException("hookpoint.sms.segments must be 1..255, is " + settings.maxSegments);
        }
        if (settings.batchItems < 1 || settings.batchItems > 100_000) {
            throw new IllegalArgumentException("hookpoint.batch.items must be 1..100000, is " + settings.batchItems);
        }
        return settings;
    }
}
