package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A terminal holding generated users answers a selectUser of every user as one message cut into many frames, the
 * commandId last, its stored users first; reports sent meanwhile go out whole after it.
 */
class GeneratedUsersTest extends TerminalTestSupport {

    private static final String LISI = "{\"user\":\"lisi\",\"userId\":\"12384865\",\"pwd\":\"1234\",\"name\":\"李四\",\"role\":\"0\",\"img\":\"aW1nLWxpc2k=\"}";

    @Test
    void selectEveryUserStreamsStoredAndGeneratedUsersInOneMessage() throws Exception {
        SimulatedTerminal t = connected(b -> b.generatedUsers(400, 3000));
        server.command("a1", "addUser", LISI);
        assertThat(answerTo("a1").get("code").asText()).isEqualTo("200");

        server.command("all", "selectUser", null);
        // sent while the answer (about 1.6 MB, some 25 frames) may still be going out
        CompletableFuture<String> event = t.sendAccessEvent("during-1", "G3");

        JsonNode answer = answerTo("all");
        assertThat(answer.get("code").asText()).isEqualTo("203");
        List<String> names = answer.get("content").findValuesAsText("userId");
        assertThat(names).hasSize(401).startsWith("12384865", "G0").endsWith("G399");
        assertThat(answer.get("content").get(1 + 123).get("img").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(GeneratedUsers.photo(123, 3000)));
        assertThat(answer.get("content").get(1 + 123).get("name").asText()).isEqualTo("Generated 123");
        assertThat(get(event)).isEqualTo("200");
        assertThat(server.notJson).isEmpty();
        // the commandId follows the users
        String raw = server.received.stream().map(TestDoorServer.Received::text)
                .filter(text -> text.contains("\"all\"")).findFirst().orElseThrow();
        assertThat(raw.indexOf("\"commandId\"")).isGreaterThan(raw.indexOf("G399"));
    }

    @Test
    void selectOneGeneratedUserByUserId() throws Exception {
        connected(b -> b.generatedUsers(50, 100));
        server.command("one", "selectUser", "{\"userId\":\"G42\"}");
        JsonNode answer = answerTo("one");
        assertThat(answer.get("content")).hasSize(1);
        assertThat(answer.get("content").get(0).get("user").asText()).isEqualTo("gen42");
        server.command("none", "selectUser", "{\"userId\":\"G50\"}");
        assertThat(answerTo("none").get("content")).isEmpty();
    }

    @Test
    void usersAreTheSameEveryTime() {
        GeneratedUsers users = new GeneratedUsers(10, 500);
        assertThat(users.user(7)).isEqualTo(users.user(7));
        assertThat(users.user(7).img()).isNotEqualTo(users.user(8).img());
        assertThat(users.find("G9")).isEqualTo(users.user(9));
        assertThat(users.find("G10")).isNull();
        assertThat(users.find("G09")).isNull();
        assertThat(users.user(7).toString()).doesNotContain("pw7");
    }
}
