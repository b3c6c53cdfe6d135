package dev.doorface.camel.protocol;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class LogMaskTest {

    private static final String SECRET = "S3CR3T";

    /** Every form a password or photo can take in what a terminal sends, well-formed or not. */
    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("string", "{\"user\":\"li\",\"pwd\":\"S3CR3T\"}"),
                Arguments.of("number", "{\"pwd\":553123}"),
                Arguments.of("escaped quotes", "{\"pwd\":\"ab\\\"S3CR3T\\\"cd\"}"),
                Arguments.of("nested object", "{\"pwd\":{\"v\":\"S3CR3T\"}}"),
                Arguments.of("array", "{\"img\":[\"S3CR3T\",1]}"),
                Arguments.of("odd spacing and newlines", "{ \"pwd\" \n :\r\n\t \"S3CR3T\" }"),
                Arguments.of("upper case key", "{\"PWD\":\"S3CR3T\"}"),
                Arguments.of("single quotes", "{'pwd':'S3CR3T'}"),
                Arguments.of("unquoted key", "{pwd:\"S3CR3T\"}"),
                Arguments.of("unquoted key and value", "{pwd:S3CR3T}"),
                Arguments.of("unicode-escaped key", "{\"\\u0070wd\":\"S3CR3T\"}"),
                Arguments.of("duplicate key", "{\"pwd\":\"x\",\"pwd\":\"S3CR3T\"}"),
                Arguments.of("JSON inside a string", "{\"data\":\"{\\\"pwd\\\":\\\"S3CR3T\\\"}\"}"),
                Arguments.of("key as array", "{[\"pwd\"]:\"S3CR3T\"}"),
                Arguments.of("key as object", "{{\"pwd\":1}:\"S3CR3T\"}"),
                Arguments.of("truncated string", "{\"code\":\"207\",\"data\":{\"img\":\"S3CR3T"),
                Arguments.of("truncated number", "{\"pwd\":553123"),
                Arguments.of("not JSON after the value", "{\"pwd\":\"S3CR3T\", this is not JSON"),
                Arguments.of("broken, escaped quotes", "{\"pwd\":\"ab\\\"S3CR3T\\\"cd\" garbage"),
                Arguments.of("broken, nested", "{\"pwd\":{\"v\":[\"S3CR3T\"]} garbage"),
                Arguments.of("broken, unicode-escaped key", "{\"\\u0070wd\":\"S3CR3T\" garbage"),
                Arguments.of("broken, unicode-escaped quotes", "{\"pwd\\u0022:\\u0022S3CR3T\\u0022 garbage"),
                Arguments.of("broken, backslash-escaped key", "{\"p\\wd\":\"S3CR3T\" garbage"),
                Arguments.of("broken, JSON inside a string", "{\"data\":\"{\\\"pwd\\\":\\\"S3CR3T\\\"}\" garbage"),
                Arguments.of("broken, key as object", "{{\"pwd\":1}:\"S3CR3T\" garbage"),
                Arguments.of("query-string style", "sn=1&pwd=S3CR3T&x=1"),
                Arguments.of("deep inside", "{\"a\":[{\"b\":{\"c\":[{\"img\":\"S3CR3T\"}]}}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void masksEveryForm(String form, String text) {
        String logged = LogMask.frame(text);
        assertThat(logged).as(form).doesNotContain(SECRET).doesNotContain("553123").contains(LogMask.MASK)
                .doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void masksPasswordsAndPhotosAndKeepsTheRest() {
        String frame = "{\"content\":{\"user\":\"li\",\"pwd\":\"secret\",\"img\" : \"AAAA\"}}";
        assertThat(LogMask.frame(frame)).isEqualTo("{\"content\":{\"user\":\"li\",\"pwd\":\"***\",\"img\":\"***\"}}");
        assertThat(LogMask.frame("{\"code\":\"999\",\"data\":{}} broken"))
                .isEqualTo("{\"code\":\"999\",\"data\":{}} broken");
        assertThat(LogMask.frame("user added")).isEqualTo("user added");
    }

    @Test
    void aPhotoCutInTheMiddleDoesNotLeak() {
        String frame = "{\"pwd\":\"secret\",\"img\":\"" + "A".repeat(100_000) + "\"}";
        String logged = LogMask.frame(frame);
        assertThat(logged).doesNotContain("secret").doesNotContain("AAAA").contains("chars)");
        assertThat(logged.length()).isLessThan(500);
        String cut = frame.substring(0, 90_000);
        assertThat(LogMask.frame(cut)).doesNotContain("secret").doesNotContain("AAAA").contains("chars)");
    }

    @Test
    void oneFrameIsOneLogLine() {
        assertThat(LogMask.frame("a\nb\rc\u2028d\u0000")).isEqualTo("a\\nb\\rc\\u2028d\\u0000");
    }

    @Test
    void hostileTextDoesNotOverflowTheStack() {
        String escapes = "{\"pwd\":\"" + "\\\"".repeat(200_000);
        String nested = "[".repeat(100_000);
        String objects = "{\"img\":".repeat(50_000);
        for (String text : new String[] {escapes, nested, objects, escapes.substring(0, 60_000)}) {
            assertThatCode(() -> LogMask.frame(text)).doesNotThrowAnyException();
        }
        assertThat(LogMask.frame(objects)).doesNotContain("{\"img\":{");
    }
}
