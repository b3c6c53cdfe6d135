package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogMaskTest {

    @Test
    void masksPasswordsAndPhotosInEveryForm() {
        List<String> forms = List.of(
                "{\"pwd\":553123}",
                "{\"pwd\":\"ab\\\"S3CR3T\\\"cd\"}",
                "{\"pwd\":{\"v\":\"S3CR3T\"}}",
                "{\"img\":[\"S3CR3T\"]}",
                "{ \"pwd\" \n :\r\n \"S3CR3T\" }",
                "{\"PWD\":\"S3CR3T\"}",
                "{'pwd':'S3CR3T'}",
                "{pwd:S3CR3T}",
                "{\"\\u0070wd\":\"S3CR3T\"}",
                "{\"data\":\"{\\\"pwd\\\":\\\"S3CR3T\\\"}\"}",
                "{[\"pwd\"]:\"S3CR3T\"}",
                "{{\"pwd\":1}:\"S3CR3T\"}",
                "{\"pwd\":\"S3CR3T\", this is not JSON",
                "{\"code\":\"207\",\"data\":{\"img\":\"S3CR3T");
        for (String form : forms) {
            assertThat(LogMask.mask(form)).as(form).doesNotContain("S3CR3T").doesNotContain("553123")
                    .doesNotContain("\n").contains("***");
        }
        assertThat(LogMask.mask("{\"code\":\"200\",\"data\":\"\"}")).isEqualTo("{\"code\":\"200\",\"data\":\"\"}");
    }

    @Test
    void longAndHostileTextIsCutWithoutOverflowingTheStack() {
        String escapes = "{\"pwd\":\"" + "\\\"".repeat(200_000);
        assertThatCode(() -> LogMask.mask(escapes)).doesNotThrowAnyException();
        assertThatCode(() -> LogMask.mask("[".repeat(100_000))).doesNotThrowAnyException();
        String photo = LogMask.mask("{\"img\":\"" + "A".repeat(100_000) + "\"}");
        assertThat(photo).doesNotContain("AAAA").hasSizeLessThan(500);
    }
}
