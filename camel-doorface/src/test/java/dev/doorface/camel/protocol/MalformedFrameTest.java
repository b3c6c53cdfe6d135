package dev.doorface.camel.protocol;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the codec makes of broken frames: a broken answer is told apart from a broken report (the first must never be
 * answered), hostile shapes are refused without harm, and no reason repeats the frame's text.
 */
class MalformedFrameTest {

    private static MalformedFrameException refused(String frame) {
        MalformedFrameException e = catchThrowableOfType(MalformedFrameException.class, () -> FrameCodec.decode(frame));
        assertThat(e).as(frame.length() > 200 ? frame.substring(0, 200) : frame).isNotNull();
        return e;
    }

    @Test
    void brokenFramesNamingACommandIdAreBrokenAnswers() {
        for (String frame : List.of(
                "{\"code\":\"200\",\"commandId\":\"5\", this is not JSON <simulated malformed answer>",
                "{\"code\":\"200\",\"commandId\":\"5\"",
                "{\"commandId\":{\"id\":5},\"code\":\"200\"}",
                "{\"commandId\":[5],\"code\":\"200\"}",
                "{\"commandId\":true}",
                "[{\"commandId\":\"5\"}]",
                "{'commandId':'5','code':'200'}",
                "{\"commandId\":\"5\",\"code\":{\"a\":1}}",
                "{\"commandId\":\"5\",\"code\":\"" + "2".repeat(17) + "\"}",
                "{\"commandId\":\"5\",\"code\":\"200\"}{\"code\":\"206\",\"data\":{}}")) {
            assertThat(refused(frame).isAnswer()).as(frame).isTrue();
        }
    }

    @Test
    void brokenReportsAreNotAnswers() {
        for (String frame : List.of("this is not json", "{\"code\":\"207\"", "[1,2]", "\"text\"", "42", "null", "",
                "{\"commandId\":\"\",\"code\":\"999\"}", "{\"commandId\":null,\"code\":\"999\"}",
                "{\"code\":\"206\",\"commandId\":\"\", broken", "{\"code\":\"206\",\"data\":{}}{\"code\":\"206\",\"data\":{}}")) {
            assertThat(refused(frame).isAnswer()).as(frame).isFalse();
        }
    }

    @Test
    void anEmptyOrNullCommandIdIsNone() throws Exception {
        assertThat(FrameCodec.decode("{\"commandId\":\"\",\"code\":\"206\",\"data\":{}}")).isInstanceOf(Report.class);
        assertThat(FrameCodec.decode("{\"commandId\":null,\"code\":\"206\",\"data\":{}}")).isInstanceOf(Report.class);
        // an answer is an answer whatever else it holds
        assertThat(FrameCodec.decode("{\"commandId\":\"7\",\"code\":\"207\",\"data\":{}}")).isInstanceOf(Answer.class);
    }

    @Test
    void deepNestingIsRefusedNotRecursedInto() {
        assertThat(refused("[".repeat(100_000)).getMessage()).startsWith("not JSON").contains("nesting depth");
        assertThat(refused("{\"code\":\"207\",\"data\":" + "{\"a\":".repeat(100_000)).getMessage())
                .contains("nesting depth");
        String deepButClosed = "[".repeat(FrameCodec.MAX_NESTING + 1) + "]".repeat(FrameCodec.MAX_NESTING + 1);
        assertThat(refused(deepButClosed).getMessage()).contains("nesting depth");
    }

    /** Jackson names the token it choked on, which may be a password: reasons leave it out. */
    @Test
    void reasonsNeverRepeatTheFramesText() {
        for (String frame : List.of("{\"code\":\"206\",\"pwd\":S3CR3T}", "{\"code\":\"206\",\"data\":{\"pwd\":S3CR3T",
                "S3CR3T", "{\"S3CR3T\" 1}", "{\"code\":\"207\",\"data\":{\"eventid\":{\"pwd\":\"S3CR3T\"},\"type\":\"1\"}}")) {
            String reason;
            try {
                reason = FrameCodec.event("sn", ((Report) FrameCodec.decode(frame)).data()).toString();
            } catch (MalformedFrameException e) {
                reason = e.getMessage();
            }
            assertThat(reason).as(frame).doesNotContain("S3CR3T");
        }
    }

    @Test
    void fieldsOfTheWrongTypeAreRefusedByName() throws Exception {
        assertThatThrownBy(() -> FrameCodec.registration(data("{\"sn\":{\"pwd\":\"x\"}}"), "r"))
                .hasMessage("registration: sn is not a string");
        assertThatThrownBy(() -> FrameCodec.registration(data("{\"sn\":\"A\",\"ip\":[1]}"), "r"))
                .hasMessage("registration: ip is not a string");
        assertThatThrownBy(() -> FrameCodec.registration(data("{\"sn\":\"" + "9".repeat(129) + "\"}"), "r"))
                .hasMessage("registration: sn is longer than 128 characters");
        assertThatThrownBy(() -> FrameCodec.registration(data("{\"sn\":\"A\\nWARN forged line\"}"), "r"))
                .hasMessage("registration: sn holds control characters");
        assertThatThrownBy(() -> FrameCodec.event("sn", data("{\"eventid\":[1],\"type\":\"1\"}")))
                .hasMessage("event: eventid is not a string");
        assertThatThrownBy(() -> FrameCodec.event("sn", data("{\"eventid\":\"e\",\"type\":\"1\",\"data\":\"x\"}")))
                .hasMessage("event e: data is not an object");
        assertThatThrownBy(() -> FrameCodec.event("sn", data("{\"eventid\":\"e\",\"type\":\"1\",\"data\":{\"img\":{}}}")))
                .hasMessage("event e: img is not a string");
        assertThatThrownBy(() -> FrameCodec.event("sn", data("{\"eventid\":\"e\",\"type\":\"2\",\"data\":{\"pwd\":[1]}}")))
                .hasMessage("event e: pwd is not a string");
        assertThatThrownBy(() -> FrameCodec.decode("{\"code\":{\"x\":1},\"data\":{}}")).hasMessage("code is not a string");
    }

    private static com.fasterxml.jackson.databind.JsonNode data(String json) throws Exception {
        return FrameCodec.mapper().readTree(json);
    }
}
