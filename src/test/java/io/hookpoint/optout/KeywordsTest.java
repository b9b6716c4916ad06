package io.hookpoint.optout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The STOP and START words: the whole reply, any case, spaces and punctuation ignored; nothing else. */
class KeywordsTest {
    private final Keywords defaults = new Keywords("STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,OPTOUT,REVOKE",
            "START,UNSTOP");

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop. ", "S T O P", "stop!", "Stop all", "opt-out", "Opt Out",
            "unsubscribe", "\u200bSTOP", "Quit"})
    void stopWords(String reply) {
        assertThat(defaults.meaning(reply)).isEqualTo(Keywords.Meaning.STOP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", "Unstop", " start "})
    void startWords(String reply) {
        assertThat(defaults.meaning(reply)).isEqualTo(Keywords.Meaning.START);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop please", "please stop", "don't stop", "STOPPED", "yes", "", "Thanks", "ending"})
    void anythingElseChangesNothing(String reply) {
        assertThat(defaults.meaning(reply)).isEqualTo(Keywords.Meaning.NONE);
    }

    @Test
    void noTextOrALongOneIsNothing() {
        assertThat(defaults.meaning(null)).isEqualTo(Keywords.Meaning.NONE);
        assertThat(defaults.meaning("STOP" + " ".repeat(100))).isEqualTo(Keywords.Meaning.NONE);
    }

    @Test
    void configuredWordsAndMistakes() {
        Keywords own = new Keywords("stop, arret ,BASTA", "start,yes");
        assertThat(own.meaning("Arrêt")).isEqualTo(Keywords.Meaning.NONE);
        assertThat(own.meaning("ARRET")).isEqualTo(Keywords.Meaning.STOP);
        assertThat(own.meaning("yes")).isEqualTo(Keywords.Meaning.START);
        assertThatThrownBy(() -> new Keywords("STOP,START", "START")).hasMessageContaining("share");
        assertThatThrownBy(() -> new Keywords(" , ", "START")).hasMessageContaining("HOOKPOINT_OPTOUT_STOP_WORDS");
    }
}
