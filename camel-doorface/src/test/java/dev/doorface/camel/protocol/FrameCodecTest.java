package dev.doorface.camel.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every example of the vendor document through the codec, with the document's quirks.
 */
class FrameCodecTest {

    static final Path EXAMPLES = Paths.get("src/test/resources/protocol-examples");

    static String example(String name) throws IOException {
        return Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void examplesAreTheSharedOnes() throws IOException {
        Path shared = Paths.get("../../shared/protocol/examples");
        Assumptions.assumeTrue(Files.isDirectory(shared),
                "../shared/protocol/examples is not beside this checkout: comparing the copy skipped");
        try (Stream<Path> files = Files.list(shared)) {
            for (Path file : files.toList()) {
                assertThat(EXAMPLES.resolve(file.getFileName())).as(file.toString()).hasSameBinaryContentAs(file);
            }
        }
    }

    @Test
    void everyExampleIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "ack-event.json", "ack-heartbeat.json", "ack-register.json", "command-addUser.json",
                    "command-compareUser.json", "command-deleteUser.json", "command-editUser-as-printed.json",
                    "command-queryEvent.json", "command-selectUser.json", "report-event-access-as-printed.txt",
                    "report-event-access.json", "report-event-user-added.json", "report-heartbeat.json",
                    "report-register.json", "response-addUser.json", "response-compareUser.json",
                    "response-deleteUser.json", "response-editUser.json", "response-queryEvent.json",
                    "response-selectUser.json");
        }
    }

    @Test
    void registrationReport() throws Exception {
        Report report = (Report) FrameCodec.decode(example("report-register.json"));
        assertThat(report.code()).isEqualTo("205");
        TerminalRegistered registered = FrameCodec.registration(report.data(), "127.0.0.1:5000");
        assertThat(registered).isEqualTo(
                new TerminalRegistered("486468465489", "192.168.0.102", "31231E2EW12W12", "0", "127.0.0.1:5000"));
    }

    @Test
    void heartbeatReport() throws Exception {
        Report report = (Report) FrameCodec.decode(example("report-heartbeat.json"));
        assertThat(report.code()).isEqualTo("206");
        assertThat(FrameCodec.text(report.data(), "time")).isEqualTo("2023-12-25 15:47:30");
    }

    @Test
    void accessEventReportWithInvalidBase64Placeholder() throws Exception {
        Report report = (Report) FrameCodec.decode(example("report-event-access.json"));
        AccessEvent event = (AccessEvent) FrameCodec.event("sn1", report.data());
        assertThat(event).isEqualTo(new AccessEvent("sn1", "20240115113644", "77986", "0", "base64..."));
        // decision 7: the placeholder is not base64; it is carried as text and never breaks the frame
        assertThat(event.imageBytes()).isNull();
        assertThat(event.toString()).doesNotContain("base64...");
    }

    @Test
    void userAddedReport() throws Exception {
        Report report = (Report) FrameCodec.decode(example("report-event-user-added.json"));
        UserAddedEvent event = (UserAddedEvent) FrameCodec.event("sn1", report.data());
        assertThat(event.eventId()).isEqualTo("20240115113644");
        assertThat(event.user()).isEqualTo(new DoorUser("lisi", "12384865", "1234", "李四", "0", "base64....."));
        assertThat(event.user().toString()).doesNotContain("1234\"").contains("pwd=***").doesNotContain("base64");
    }

    @Test
    void asPrintedReportWithCommentsIsMalformed() {
        // decision 8: // comments are documentation, not JSON
        assertThatThrownBy(() -> FrameCodec.decode(example("report-event-access-as-printed.txt")))
                .isInstanceOf(MalformedFrameException.class).hasMessageStartingWith("not JSON");
    }

    @Test
    void answersWithDataOrContent() throws Exception {
        for (String name : List.of("response-addUser.json", "response-deleteUser.json", "response-editUser.json")) {
            Answer answer = (Answer) FrameCodec.decode(example(name));
            assertThat(answer.commandId()).isEqualTo("20240115144330");
            Object result = AnswerReader.read(DoorfaceOperation.addUser, "sn1", answer);
            assertThat(result).isEqualTo(new CommandResult("sn1", "20240115144330", "200", ""));
        }
        Answer select = (Answer) FrameCodec.decode(example("response-selectUser.json"));
        assertThat(AnswerReader.read(DoorfaceOperation.selectUser, "sn1", select))
                .isEqualTo(List.of(new DoorUser("lisi", "12384865", "1234", "李四", "0", "base64.....")));
        Answer compare = (Answer) FrameCodec.decode(example("response-compareUser.json"));
        assertThat(AnswerReader.read(DoorfaceOperation.compareUser, "sn1", compare)).isEqualTo(true);
        Answer query = (Answer) FrameCodec.decode(example("response-queryEvent.json"));
        assertThat(AnswerReader.read(DoorfaceOperation.queryEvent, "sn1", query))
                .isEqualTo(new AccessEvent("sn1", "20240115113644", "77986", "0", "base64..."));
    }

    @Test
    void existAndNumbersAreAccepted() throws Exception {
        // decisions 4 and 5
        Answer answer = (Answer) FrameCodec.decode("{\"code\":204,\"data\":{\"exist\":0},\"commandId\":7}");
        assertThat(answer.commandId()).isEqualTo("7");
        assertThat(AnswerReader.read(DoorfaceOperation.compareUser, "sn1", answer)).isEqualTo(false);
        Report report = (Report) FrameCodec.decode("{\"code\":207,\"data\":{\"eventid\":42,\"type\":1,"
                                                   + "\"data\":{\"userId\":77986,\"door\":true}}}");
        assertThat(FrameCodec.event("sn1", report.data()))
                .isEqualTo(new AccessEvent("sn1", "42", "77986", "true", null));
    }

    @Test
    void errorAnswerBecomesTerminalError() throws Exception {
        Answer answer = (Answer) FrameCodec.decode("{\"code\":\"500\",\"data\":\"user not found\",\"commandId\":\"9\"}");
        assertThatThrownBy(() -> AnswerReader.read(DoorfaceOperation.deleteUser, "sn1", answer))
                .isInstanceOfSatisfying(TerminalErrorException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("500");
                    assertThat(e.getTerminalMessage()).isEqualTo("user not found");
                    assertThat(e.getSn()).isEqualTo("sn1");
                });
    }

    @Test
    void serverFramesMatchTheDocument() throws Exception {
        assertThat(json(FrameCodec.response("200", 20, ""))).isEqualTo(json(example("ack-register.json")));
        assertThat(json(FrameCodec.response("200", null, ""))).isEqualTo(json(example("ack-heartbeat.json")));
        assertThat(json(FrameCodec.response("200", null, ""))).isEqualTo(json(example("ack-event.json")));
        for (String name : List.of("command-addUser.json", "command-deleteUser.json", "command-selectUser.json",
                "command-compareUser.json", "command-queryEvent.json")) {
            JsonNode expected = json(example(name));
            DoorfaceOperation operation = DoorfaceOperation.valueOf(expected.get("command").asText());
            String built = FrameCodec.command(expected.get("commandId").asText(), operation.name(),
                    CommandContent.build("sn1", operation, expected.get("content"), null, null));
            assertThat(json(built)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void editUserIsSentAsEditUser() throws Exception {
        // decision 2: the printed example says addUser; the table says editUser
        JsonNode printed = json(example("command-editUser-as-printed.json"));
        String built = FrameCodec.command("1", DoorfaceOperation.editUser.name(),
                CommandContent.build("sn1", DoorfaceOperation.editUser, printed.get("content"), null, null));
        assertThat(json(built).get("command").asText()).isEqualTo("editUser");
        assertThat(json(built).get("content")).isEqualTo(printed.get("content"));
    }

    @Test
    void framesThatAreNeitherReportNorAnswerAreMalformed() {
        assertThatThrownBy(() -> FrameCodec.decode("[1,2]")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> FrameCodec.decode("{\"code\":\"200\",\"data\":\"\"}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("unknown report code 200");
        assertThatThrownBy(() -> FrameCodec.decode("{\"hello\":1}")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> FrameCodec.decode("{\"code\":\"205\",\"data\":\"x\"}"))
                .isInstanceOf(MalformedFrameException.class);
    }

    private static JsonNode json(String text) throws IOException {
        return FrameCodec.mapper().readTree(text);
    }
}
