package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest extends TerminalTestSupport {

    private static final String LISI = "{\"user\":\"lisi\",\"userId\":\"12384865\",\"pwd\":\"1234\",\"name\":\"李四\",\"role\":\"0\",\"img\":\"aW1nLWxpc2k=\"}";
    private static final String WANG = "{\"user\":\"wang\",\"userId\":\"555\",\"pwd\":\"0000\",\"name\":\"王五\",\"role\":\"1\",\"img\":\"aW1nLXdhbmc=\"}";

    private SimulatedTerminal withTwoUsers() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.command("a1", "addUser", LISI);
        server.command("a2", "addUser", WANG);
        assertThat(answerTo("a1").get("code").asText()).isEqualTo("200");
        assertThat(answerTo("a2").get("code").asText()).isEqualTo("200");
        return t;
    }

    @Test
    void addUserStoresTheUserAndAnswers200WithTheCommandId() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.send("{\"commandId\":\"20240115144330\",\"command\":\"addUser\",\"content\":" + LISI + "}");
        JsonNode answer = answerTo("20240115144330");
        assertThat(answer.get("code").asText()).isEqualTo("200");
        assertThat(answer.get("code").isTextual()).isTrue();
        assertThat(answer.get("data").asText()).isEmpty();
        assertThat(answer.get("commandId").asText()).isEqualTo("20240115144330");
        assertThat(t.users()).containsEntry("12384865",
                new SimUser("lisi", "12384865", "1234", "李四", "0", "aW1nLWxpc2k="));
        assertThat(t.commandsAnswered()).isEqualTo(1);
    }

    @Test
    void addUserMissingARequiredFieldAnswers500() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.command("c1", "addUser", "{\"user\":\"lisi\",\"userId\":\"1\",\"pwd\":\"1234\",\"name\":\"李四\",\"role\":\"0\"}");
        JsonNode answer = answerTo("c1");
        assertThat(answer.get("code").asText()).isEqualTo("500");
        assertThat(answer.get("data").asText()).contains("img");
        server.command("c2", "addUser", null);
        assertThat(answerTo("c2").get("code").asText()).isEqualTo("500");
        assertThat(t.users()).isEmpty();
    }

    @Test
    void deleteUserRemovesAKnownUserAndAnswers500ForAnUnknownOne() throws Exception {
        SimulatedTerminal t = withTwoUsers();
        server.command("d1", "deleteUser", "{\"userId\":\"12384865\",\"name\":\"李四\"}");
        assertThat(answerTo("d1").get("code").asText()).isEqualTo("200");
        assertThat(t.users()).containsOnlyKeys("555");

        server.command("d2", "deleteUser", "{\"userId\":\"12384865\",\"name\":\"李四\"}");
        JsonNode answer = answerTo("d2");
        assertThat(answer.get("code").asText()).isEqualTo("500");
        assertThat(answer.get("data").asText()).isNotBlank();
        assertThat(answer.get("commandId").asText()).isEqualTo("d2");
        assertThat(t.users()).containsOnlyKeys("555");
    }

    @Test
    void editUserChangesAKnownUserAndAnswers500ForAnUnknownOne() throws Exception {
        SimulatedTerminal t = withTwoUsers();
        server.command("e1", "editUser", "{\"user\":\"lisi2\",\"userId\":\"12384865\",\"pwd\":\"9999\",\"name\":\"李四四\",\"role\":\"1\",\"img\":\"bmV3\"}");
        assertThat(answerTo("e1").get("code").asText()).isEqualTo("200");
        assertThat(t.users().get("12384865")).isEqualTo(new SimUser("lisi2", "12384865", "9999", "李四四", "1", "bmV3"));

        // fields not given are kept
        server.command("e2", "editUser", "{\"userId\":\"555\",\"name\":\"王六\"}");
        assertThat(answerTo("e2").get("code").asText()).isEqualTo("200");
        assertThat(t.users().get("555")).isEqualTo(new SimUser("wang", "555", "0000", "王六", "1", "aW1nLXdhbmc="));

        server.command("e3", "editUser", "{\"userId\":\"404\",\"name\":\"nobody\"}");
        JsonNode answer = answerTo("e3");
        assertThat(answer.get("code").asText()).isEqualTo("500");
        assertThat(answer.get("data").asText()).contains("404");
        assertThat(t.users()).containsOnlyKeys("12384865", "555");
        assertThat(t.receivedCommands()).anySatisfy(c -> assertThat(c).contains("\"command\":\"editUser\"").contains("\"e1\""));
    }

    @Test
    void selectUserFiltersByUserIdAndNameAndReturnsAllWithoutContent() throws Exception {
        withTwoUsers();
        server.command("s1", "selectUser", "{\"userId\":\"12384865\",\"name\":\"李四\"}");
        server.command("s2", "selectUser", "{\"name\":\"王五\"}");
        server.command("s3", "selectUser", null);
        server.command("s4", "selectUser", "{}");
        server.command("s5", "selectUser", "{\"userId\":\"12384865\",\"name\":\"王五\"}");
        server.command("s6", "selectUser", "{\"userId\":\"\",\"name\":\"\"}");

        JsonNode s1 = answerTo("s1");
        assertThat(s1.get("code").asText()).isEqualTo("203");
        assertThat(s1.get("commandId").asText()).isEqualTo("s1");
        assertThat(s1.get("content").isArray()).isTrue();
        assertThat(userIds(s1)).containsExactly("12384865");
        JsonNode user = s1.get("content").get(0);
        assertThat(user.get("user").asText()).isEqualTo("lisi");
        assertThat(user.get("pwd").asText()).isEqualTo("1234");
        assertThat(user.get("name").asText()).isEqualTo("李四");
        assertThat(user.get("role").asText()).isEqualTo("0");
        assertThat(user.get("img").asText()).isEqualTo("aW1nLWxpc2k=");

        assertThat(userIds(answerTo("s2"))).containsExactly("555");
        assertThat(userIds(answerTo("s3"))).containsExactly("12384865", "555");
        assertThat(userIds(answerTo("s4"))).containsExactly("12384865", "555");
        assertThat(userIds(answerTo("s5"))).isEmpty();
        assertThat(answerTo("s5").get("code").asText()).isEqualTo("203");
        assertThat(userIds(answerTo("s6"))).containsExactly("12384865", "555");
    }

    private static List<String> userIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("content").forEach(u -> ids.add(u.get("userId").asText()));
        return ids;
    }

    @Test
    void compareUserSaysWhetherTheFaceIsStored() throws Exception {
        withTwoUsers();
        server.command("c1", "compareUser", "{\"img\":\"aW1nLXdhbmc=\"}");
        server.command("c2", "compareUser", "{\"img\":\"b3RoZXI=\"}");
        JsonNode c1 = answerTo("c1");
        assertThat(c1.get("code").asText()).isEqualTo("204");
        assertThat(c1.get("commandId").asText()).isEqualTo("c1");
        assertThat(c1.path("content").get("exit").isTextual()).isTrue();
        assertThat(c1.path("content").get("exit").asText()).isEqualTo("1");
        JsonNode c2 = answerTo("c2");
        assertThat(c2.get("code").asText()).isEqualTo("204");
        assertThat(c2.path("content").get("exit").asText()).isEqualTo("0");
    }

    @Test
    void queryEventReturnsAReportedEventAnd500ForAnUnknownOne() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        byte[] jpeg = SampleImages.jpeg(3);
        assertThat(get(t.sendAccessEvent("20240115113644", "77986", "0", jpeg))).isEqualTo("200");
        SimUser added = new SimUser("zs", "42", "pw", "张三", "0", "aW1n");
        assertThat(get(t.sendUserAdded("ev-2", added))).isEqualTo("200");

        server.command("q1", "queryEvent", "{\"eventid\":\"20240115113644\"}");
        JsonNode q1 = answerTo("q1");
        assertThat(q1.get("code").asText()).isEqualTo("208");
        assertThat(q1.get("commandId").asText()).isEqualTo("q1");
        JsonNode content = q1.get("content");
        assertThat(content.get("eventid").asText()).isEqualTo("20240115113644");
        assertThat(content.get("type").asText()).isEqualTo("1");
        // the same event as reported
        JsonNode reported = server.reports("207").get(0).get("data");
        assertThat(content).isEqualTo(reported);

        server.command("q2", "queryEvent", "{\"eventid\":\"ev-2\"}");
        JsonNode q2 = answerTo("q2");
        assertThat(q2.get("code").asText()).isEqualTo("208");
        assertThat(q2.path("content").get("type").asText()).isEqualTo("2");
        assertThat(q2.path("content").path("data").get("userId").asText()).isEqualTo("42");

        server.command("q3", "queryEvent", "{\"eventid\":\"nope\"}");
        JsonNode q3 = answerTo("q3");
        assertThat(q3.get("code").asText()).isEqualTo("500");
        assertThat(q3.get("commandId").asText()).isEqualTo("q3");
    }

    @Test
    void unknownCommandAnswers500() throws Exception {
        connected(b -> b);
        server.command("x1", "rebootDoor", "{}");
        JsonNode answer = answerTo("x1");
        assertThat(answer.get("code").asText()).isEqualTo("500");
        assertThat(answer.get("data").asText()).contains("rebootDoor");
    }

    @Test
    void readsNumbersAndContentGivenAsAJsonString() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.send("{\"commandId\":77,\"command\":\"addUser\",\"content\":{\"user\":\"n\",\"userId\":12,\"pwd\":1234,\"name\":\"N\",\"role\":1,\"img\":\"aQ==\"}}");
        JsonNode answer = answerTo("77");
        assertThat(answer.get("code").asText()).isEqualTo("200");
        assertThat(answer.get("commandId").isTextual()).isTrue();
        assertThat(t.users().get("12")).isEqualTo(new SimUser("n", "12", "1234", "N", "1", "aQ=="));

        server.send("{\"commandId\":\"s\",\"command\":\"selectUser\",\"content\":\"{\\\"userId\\\":\\\"12\\\"}\"}");
        assertThat(userIds(answerTo("s"))).containsExactly("12");
    }

    @Test
    void recordsTheRawCommandsInOrderAndIgnoresGarbage() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.send("not json at all");
        server.send("{\"no\":\"command\"}");
        server.command("r1", "selectUser", null);
        server.command("r2", "queryEvent", "{\"eventid\":\"x\"}");
        answerTo("r2");
        assertThat(t.receivedCommands()).containsExactly(
                "{\"commandId\":\"r1\",\"command\":\"selectUser\"}",
                "{\"commandId\":\"r2\",\"command\":\"queryEvent\",\"content\":{\"eventid\":\"x\"}}");
        assertThat(t.isConnected()).isTrue();
        assertThat(get(t.sendHeartbeat())).isEqualTo("200");
    }
}
