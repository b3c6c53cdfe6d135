package dev.doorface.camel.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogMaskTest {

    @Test
    void masksPasswordsAndPhotos() {
        String frame = "{\"content\":{\"user\":\"li\",\"pwd\":\"secret\",\"img\" : \"AAAA\"}}";
        assertThat(LogMask.frame(frame)).isEqualTo("{\"content\":{\"user\":\"li\",\"pwd\":\"***\",\"img\" : \"***\"}}");
    }

    @Test
    void aPhotoCutInTheMiddleDoesNotLeak() {
        String frame = "{\"pwd\":\"secret\",\"img\":\"" + "A".repeat(100_000) + "\"}";
        String logged = LogMask.frame(frame);
        assertThat(logged).doesNotContain("secret").doesNotContain("AAAA").contains("chars)");
        assertThat(logged.length()).isLessThan(500);
    }
}
