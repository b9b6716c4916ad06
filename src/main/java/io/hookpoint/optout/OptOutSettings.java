package io.hookpoint.optout;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The opt-out settings ({@code hookpoint.optout}): the STOP and START words and how often other instances'
 * changes to the list are read.
 *
 * @param keywords the words
 * @param refresh  {@code HOOKPOINT_OPTOUT_REFRESH}: how often the list is re-read on PostgreSQL
 */
public record OptOutSettings(Keywords keywords, Duration refresh) {

    /**
     * Reads the settings.
     *
     * @param node {@code hookpoint.optout}
     * @return the settings
     * @throws IllegalArgumentException with one line naming what is wrong
     */
    public static OptOutSettings from(Config node) {
        Duration refresh = node.get("refresh").as(Duration.class).get();
        if (refresh.compareTo(Duration.ofMillis(100)) < 0 || refresh.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("HOOKPOINT_OPTOUT_REFRESH must be between PT0.1S and PT1M, is "
                    + refresh);
        }
        return new OptOutSettings(new Keywords(node.get("stop.words").asString().get(),
                node.get("start.words").asString().get()), refresh);
    }
}
