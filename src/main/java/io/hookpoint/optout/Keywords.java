package io.hookpoint.optout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The STOP and START words of replies. A reply counts only when it is one of the words as a whole, in any
 * case, with spaces and punctuation ignored ({@code " Stop. "}, {@code "stop all"} -> STOPALL): as Twilio's
 * own filtering, "STOP PLEASE" or "please stop" is not an opt-out (a reply that merely contains the word, such
 * as "don't stop", must not unsubscribe anyone).
 */
public final class Keywords {
    private static final Pattern IGNORED = Pattern.compile("[\\s\\p{P}\\p{S}\\p{Cf}]+");

    /** What a reply asks for. */
    public enum Meaning {
        /** Opt out: suppress the number. */
        STOP,
        /** Opt back in: take the number off the list. */
        START,
        /** Anything else: nothing changes. */
        NONE
    }

    private final Set<String> stop;
    private final Set<String> start;

    /**
     * Creates the keywords.
     *
     * @param stop  {@code HOOKPOINT_OPTOUT_STOP_WORDS}, comma separated
     * @param start {@code HOOKPOINT_OPTOUT_START_WORDS}, comma separated
     * @throws IllegalArgumentException when a word is in both lists, or the STOP list is empty
     */
    public Keywords(String stop, String start) {
        this.stop = words(stop);
        this.start = words(start);
        if (this.stop.isEmpty()) {
            throw new IllegalArgumentException("HOOKPOINT_OPTOUT_STOP_WORDS must name at least one word");
        }
        Set<String> both = this.stop.stream().filter(this.start::contains).collect(Collectors.toSet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("HOOKPOINT_OPTOUT_STOP_WORDS and _START_WORDS share " + both);
        }
    }

    /**
     * What a reply means.
     *
     * @param text the reply's text, or null
     * @return its meaning
     */
    public Meaning meaning(String text) {
        if (text == null || text.length() > 64) {
            return Meaning.NONE;
        }
        String word = normal(text);
        return stop.contains(word) ? Meaning.STOP : start.contains(word) ? Meaning.START : Meaning.NONE;
    }

    private static Set<String> words(String list) {
        return Arrays.stream(list.split(",")).map(Keywords::normal).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String normal(String text) {
        return IGNORED.matcher(text).replaceAll("").toUpperCase(Locale.ROOT);
    }
}
