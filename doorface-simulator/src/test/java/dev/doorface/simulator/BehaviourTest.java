package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BehaviourTest extends TerminalTestSupport {

    private static final String USER = "{\"user\":\"u\",\"userId\":\"1\",\"pwd\":\"p\",\"name\":\"n\",\"role\":\"0\",\"img\":\"aQ==\"}";

    @Test
    void silentNeverAnswersButKeepsHeartbeating() throws Exception {
        server.registrationAnswer = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"1\",\"data\":\"\"}}";
        SimulatedTerminal t = connected(b -> b);
        t.behaviour(Behaviour.SILENT);
        server.command("c1", "addUser", USER);
        await().atMost(WAIT).until(() -> t.receivedCommands().size() == 1);
        int heartbeats = server.reports("206").size();

        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> server.answers.isEmpty());
        assertThat(server.reports("206").size()).isGreaterThan(heartbeats);
        assertThat(t.users()).isEmpty();
        assertThat(t.commandsAnswered()).isZero();
        assertThat(t.isConnected()).isTrue();
    }

    @Test
    void failAnswersEveryCommandWith500AndChangesNothing() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        t.behaviour(Behaviour.FAIL);
        server.command("c1", "addUser", USER);
        server.command("c2", "selectUser", null);
        for (String id : new String[] {"c1", "c2"}) {
            JsonNode answer = answerTo(id);
            assertThat(answer.get("code").asText()).isEqualTo("500");
            assertThat(answer.get("data").asText()).isEqualTo("simulated failure");
            assertThat(answer.get("commandId").asText()).isEqualTo(id);
        }
        assertThat(t.users()).isEmpty();
    }

    @Test
    void slowAnswersAfterTheDelay() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        t.slowDelay(Duration.ofMillis(600));
        t.behaviour(Behaviour.SLOW);
        long sentAt = System.nanoTime();
        server.command("c1", "addUser", USER);
        JsonNode answer = answerTo("c1");
        assertThat(answer.get("code").asText()).isEqualTo("200");
        assertThat(Duration.ofNanos(server.answerNanos.get("c1") - sentAt)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(t.users()).containsKey("1");

        // back to normal: answered (how fast is the machine's business, not this test's)
        t.behaviour(Behaviour.NORMAL);
        server.command("c2", "selectUser", null);
        assertThat(answerTo("c2").get("code").asText()).isEqualTo("203");
    }

    @Test
    void dropConnectionClosesWithoutAnswering() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        t.behaviour(Behaviour.DROP_CONNECTION);
        server.command("c1", "addUser", USER);
        assertThat(get(t.closed())).isEqualTo(1001);
        await().atMost(WAIT).until(() -> server.closedConnections.get() == 1);
        assertThat(t.isConnected()).isFalse();
        assertThat(server.answers).isEmpty();
        assertThat(server.notJson).isEmpty();
        assertThat(t.users()).isEmpty();
        assertThat(t.receivedCommands()).hasSize(1);
    }

    @Test
    void malformedAnswersWithAFrameThatIsNotJson() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.answerMalformedReports = false;
        t.behaviour(Behaviour.MALFORMED);
        server.command("c1", "addUser", USER);
        await().atMost(WAIT).until(() -> server.notJson.size() == 1);
        assertThat(server.notJson.get(0)).contains("c1");
        assertThat(TestDoorServer.parse(server.notJson.get(0))).isNull();
        assertThat(server.answers).isEmpty();
        assertThat(t.isConnected()).isTrue();
        assertThat(t.commandsAnswered()).isEqualTo(1);
    }

    @Test
    void behaviourCanBeSwitchedAtAnyTime() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        assertThat(t.behaviour()).isEqualTo(Behaviour.NORMAL);
        t.behaviour(Behaviour.FAIL);
        server.command("c1", "addUser", USER);
        assertThat(answerTo("c1").get("code").asText()).isEqualTo("500");
        t.behaviour(Behaviour.NORMAL);
        server.command("c2", "addUser", USER);
        assertThat(answerTo("c2").get("code").asText()).isEqualTo("200");
        assertThat(t.users()).containsKey("1");
    }
}
