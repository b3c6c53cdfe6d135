package dev.doorface.camel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming reader gives what the whole-message reader gives, however the bytes are cut. */
class UserListStreamTest {

    private static final String IMG = Images.encode("a face".getBytes(StandardCharsets.US_ASCII));
    private static final String USERS = "[{\"user\":\"li\",\"userId\":\"7\",\"pwd\":\"pw\",\"name\":\"李四\",\"role\":0,"
                                        + "\"img\":\"" + IMG + "\",\"extra\":{\"userId\":\"no\",\"img\":[1,2]}},"
                                        + "{\"userId\":\"8\",\"name\":null}]";

    private static Answer readInPieces(String json, int piece, boolean keepPhotos) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        UserListStream stream = new UserListStream(keepPhotos, 1024);
        for (int at = 0; at < bytes.length; at += piece) {
            stream.feed(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece)));
        }
        return stream.finish();
    }

    @SuppressWarnings("unchecked")
    private static List<DoorUser> users(Answer answer) throws Exception {
        return (List<DoorUser>) AnswerReader.read(DoorfaceOperation.selectUser, "T", answer);
    }

    @Test
    void commandIdAfterTheUsersAndAnyCutGiveTheSameUsers() throws Exception {
        String last = "{\"code\":\"203\",\"content\":" + USERS + ",\"commandId\":\"c-1\"}";
        String first = "{\"commandId\":\"c-1\",\"code\":203,\"content\":" + USERS + "}";
        List<DoorUser> expected = users(FrameCodec.decode(last.getBytes(StandardCharsets.UTF_8)) instanceof Answer a
                ? a : null);
        for (int piece : new int[] { 1, 2, 3, 7, 64, 10_000 }) {
            Answer answer = readInPieces(last, piece, true);
            assertThat(answer.commandId()).isEqualTo("c-1");
            assertThat(users(answer)).isEqualTo(expected);
            assertThat(users(readInPieces(first, piece, true))).isEqualTo(expected);
        }
        assertThat(expected.get(0).photoSha256()).isEqualTo(Images.sha256("a face".getBytes(StandardCharsets.US_ASCII)));
        assertThat(expected.get(0).role()).isEqualTo("0");
        assertThat(expected.get(1).photoSha256()).isNull();
    }

    @Test
    void withoutPhotosKeepsTheHash() throws Exception {
        List<DoorUser> users = users(readInPieces("{\"code\":\"203\",\"data\":" + USERS + ",\"commandId\":\"c\"}", 5,
                false));
        assertThat(users).extracting(DoorUser::userId).containsExactly("7", "8");
        assertThat(users.get(0).img()).isNull();
        assertThat(users.get(0).photoSha256()).isEqualTo(Images.sha256(IMG));
    }

    @Test
    void aSingleUserObjectAndAnErrorAnswer() throws Exception {
        assertThat(users(readInPieces("{\"code\":\"203\",\"content\":{\"userId\":\"9\"},\"commandId\":\"c\"}", 4,
                true))).extracting(DoorUser::userId).containsExactly("9");
        Answer error = readInPieces("{\"code\":\"500\",\"content\":\"no such user\",\"commandId\":\"c\"}", 3, true);
        assertThatThrownBy(() -> users(error)).isInstanceOf(TerminalErrorException.class)
                .hasMessageContaining("no such user");
    }

    @Test
    void brokenOrIncompleteAnswersAreMalformed() {
        assertThatThrownBy(() -> readInPieces("{\"code\":\"203\",\"content\":[{\"userId\":\"1\"}", 4, true))
                .isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> readInPieces("{\"code\":\"203\",\"content\":[]}", 4, true))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("commandId");
        assertThatThrownBy(() -> readInPieces("{\"code\":\"203\",\"commandId\":\"c\"} {}", 4, true))
                .isInstanceOf(MalformedFrameException.class);
        // a value longer than the bound (1024 characters here) is refused, not buffered
        assertThatThrownBy(() -> readInPieces("{\"code\":\"203\",\"content\":[{\"img\":\"" + "A".repeat(5000)
                                              + "\"}],\"commandId\":\"c\"}", 100, true))
                .isInstanceOf(MalformedFrameException.class);
    }
}
