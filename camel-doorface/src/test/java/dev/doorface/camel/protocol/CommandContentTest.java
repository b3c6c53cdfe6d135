package dev.doorface.camel.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.model.DoorUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandContentTest {

    @Test
    void addUserNamesEveryMissingField() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("userId", "7");
        row.put("name", "Li");
        assertThatThrownBy(() -> CommandContent.build("sn1", DoorfaceOperation.addUser, row, null, null))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessage("addUser needs user, userId, pwd, name, role, img; missing: user, pwd, role, img");
    }

    @Test
    void addUserFromRecordMapAndJsonAgree() throws Exception {
        DoorUser user = new DoorUser("li", "7", "pw", "Li", "0", "aW1n");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("action", "add");
        row.put("user", "li");
        row.put("userId", 7);
        row.put("pwd", "pw");
        row.put("name", "Li");
        row.put("role", 0);
        row.put("img", "aW1n");
        String json = "{\"user\":\"li\",\"userId\":\"7\",\"pwd\":\"pw\",\"name\":\"Li\",\"role\":\"0\",\"img\":\"aW1n\"}";
        ObjectNode fromRecord = CommandContent.build("sn1", DoorfaceOperation.addUser, user, null, null);
        assertThat(CommandContent.build("sn1", DoorfaceOperation.addUser, row, null, null)).isEqualTo(fromRecord);
        assertThat(CommandContent.build("sn1", DoorfaceOperation.addUser, json, null, null)).isEqualTo(fromRecord);
        assertThat(CommandContent.build("sn1", DoorfaceOperation.addUser, json.getBytes(), null, null))
                .isEqualTo(fromRecord);
        // strict on write: every value a string, extra columns left out
        assertThat(fromRecord.toString()).isEqualTo(json);
    }

    @Test
    void badJsonIsAClearError() {
        assertThatThrownBy(() -> CommandContent.build("sn1", DoorfaceOperation.addUser, "{\"user\":", null, null))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("not valid JSON");
        // error handlers log the message: the body's own tokens (here a password) are not repeated
        assertThatThrownBy(() -> CommandContent.build("sn1", DoorfaceOperation.addUser, "{\"pwd\":S3CR3T}", null, null))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("not valid JSON")
                .message().doesNotContain("S3CR3T");
    }

    @Test
    void deleteUserTakesHeaderOrPlainBody() throws Exception {
        assertThat(CommandContent.build("sn1", DoorfaceOperation.deleteUser, null, "42", null).toString())
                .isEqualTo("{\"userId\":\"42\"}");
        assertThat(CommandContent.build("sn1", DoorfaceOperation.deleteUser, "43", null, null).toString())
                .isEqualTo("{\"userId\":\"43\"}");
        assertThatThrownBy(() -> CommandContent.build("sn1", DoorfaceOperation.deleteUser, null, null, null))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("missing: userId");
    }

    @Test
    void selectUserWithoutFilterHasNoContent() throws Exception {
        assertThat(CommandContent.build("sn1", DoorfaceOperation.selectUser, null, null, null)).isNull();
        assertThat(CommandContent.build("sn1", DoorfaceOperation.selectUser, null, "5", null).toString())
                .isEqualTo("{\"userId\":\"5\"}");
    }

    @Test
    void compareUserTakesRawJpegBytes() throws Exception {
        byte[] jpeg = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3 };
        assertThat(CommandContent.build("sn1", DoorfaceOperation.compareUser, jpeg, null, null).get("img").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(jpeg));
        assertThatThrownBy(() -> CommandContent.build("sn1", DoorfaceOperation.compareUser, Map.of(), null, null))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("missing: img");
    }

    @Test
    void queryEventAcceptsEventidOrEventIdOrHeader() throws Exception {
        assertThat(CommandContent.build("sn1", DoorfaceOperation.queryEvent, Map.of("eventId", "9"), null, null)
                .toString()).isEqualTo("{\"eventid\":\"9\"}");
        assertThat(CommandContent.build("sn1", DoorfaceOperation.queryEvent, null, null, "10").toString())
                .isEqualTo("{\"eventid\":\"10\"}");
        assertThatThrownBy(() -> CommandContent.build("sn1", DoorfaceOperation.queryEvent, null, null, null))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("missing: eventid");
    }
}
