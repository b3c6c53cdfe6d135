package dev.doorface.camel;

import java.util.List;
import java.util.Map;

import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.model.QueuedCommandResult;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.camel.queue.CommandState;
import dev.doorface.camel.queue.QueuedCommand;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * whenOffline=queue over real loopback WebSockets and the in-memory store: commands for terminals away are kept,
 * delivered in order when they return (before newer direct commands), retried after a disconnect, not retried after
 * a refusal, expired and cancelled; every outcome reaches a route as a COMMAND_RESULT event.
 */
class QueuedCommandsTest extends DoorfaceTestSupport {

    private static final String IMG = SampleImages.jpegBase64(3);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:queue").to(gateway("whenOffline=queue"));
                from("direct:short").to(gateway("whenOffline=queue&commandTimeToLive=1s"));
                from("direct:fail").to(gateway(""));
                from(gateway("events=COMMAND_RESULT")).to("mock:results");
                from(gateway("")).to("mock:default");
            }
        };
    }

    private Exchange send(String endpoint, String sn, DoorfaceOperation operation, Object body) {
        return template.request(endpoint, e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, operation);
            e.getMessage().setBody(body);
        });
    }

    private static DoorUser user(String userId) {
        return new DoorUser("name" + userId, userId, "1234", "N" + userId, "0", IMG);
    }

    @SuppressWarnings("unchecked")
    private List<QueuedCommand> list(String sn) {
        Exchange listed = send("direct:fail", sn, DoorfaceOperation.listCommands, null);
        assertThat(listed.getException()).isNull();
        return listed.getMessage().getBody(List.class);
    }

    private QueuedCommand stored(String sn, String id) {
        return list(sn).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private QueuedCommandResult queued(Exchange exchange) {
        assertThat(exchange.getException()).isNull();
        QueuedCommandResult result = exchange.getMessage().getBody(QueuedCommandResult.class);
        assertThat(result).isNotNull();
        assertThat(result.state()).isEqualTo(CommandState.QUEUED);
        assertThat(exchange.getMessage().getHeader(DoorfaceConstants.COMMAND_ID)).isEqualTo(result.commandId());
        return result;
    }

    private void awaitOffline(String sn) {
        await().atMost(PROMPTLY).until(() -> !context.getComponent("doorface", DoorfaceComponent.class)
                .getGateway("127.0.0.1", port).router().terminals().contains(sn));
    }

    private SimulatedTerminal wentAway(String sn) throws Exception {
        SimulatedTerminal terminal = connect(sn);
        result(terminal.disconnect());
        awaitOffline(sn);
        return terminal;
    }

    private static List<String> operations(SimulatedTerminal terminal) {
        return terminal.receivedCommands().stream()
                .map(text -> text.replaceAll("(?s)^.*?\"command\"\\s*:\\s*\"([A-Za-z]+)\".*$", "$1")).toList();
    }

    private static CommandResultEvent resultFor(MockEndpoint mock, String commandId) {
        await().atMost(PROMPTLY).until(() -> mock.getReceivedExchanges().stream()
                .anyMatch(e -> commandId.equals(e.getMessage().getHeader(DoorfaceConstants.COMMAND_ID))));
        return mock.getReceivedExchanges().stream()
                .filter(e -> commandId.equals(e.getMessage().getHeader(DoorfaceConstants.COMMAND_ID)))
                .map(e -> e.getMessage().getBody(CommandResultEvent.class)).findFirst().orElseThrow();
    }

    @Test
    void aTerminalOfflineDuringABroadcastGetsItOnReturnInOrderBeforeANewerDirectCommand() throws Exception {
        SimulatedTerminal online = connect("Q1");
        SimulatedTerminal away = wentAway("Q2");

        Exchange broadcast = send("direct:queue", "*", DoorfaceOperation.addUser, user("2001"));
        assertThat(broadcast.getException()).isNull();
        List<TerminalResult> results = broadcast.getMessage().getBody(List.class);
        assertThat(results).extracting(TerminalResult::sn).containsExactly("Q1", "Q2");
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(0).code()).isEqualTo("200");
        assertThat(results.get(1).ok()).isTrue();
        assertThat(results.get(1).message()).isEqualTo(DoorfaceProducer.QUEUED);
        String broadcastId = ((QueuedCommandResult) results.get(1).result()).commandId();
        assertThat(online.users()).containsKey("2001");

        QueuedCommandResult second = queued(send("direct:queue", "Q2", DoorfaceOperation.addUser, user("2002")));
        assertThat(list("Q2")).extracting(QueuedCommand::id).containsExactly(broadcastId, second.commandId());

        result(away.connect());
        // sent right after the terminal is back: it must wait for the two queued before it
        Exchange direct = send("direct:queue", "Q2", DoorfaceOperation.deleteUser, "2001");
        assertThat(direct.getException()).isNull();

        assertThat(operations(away)).containsExactly("addUser", "addUser", "deleteUser");
        assertThat(away.users()).containsOnlyKeys("2002");
        await().atMost(PROMPTLY).until(() -> list("Q2").stream().allMatch(c -> c.state() == CommandState.SUCCEEDED));
        MockEndpoint mock = getMockEndpoint("mock:results");
        CommandResultEvent event = resultFor(mock, broadcastId);
        assertThat(event.kind()).isEqualTo(EventKind.COMMAND_RESULT);
        assertThat(event.sn()).isEqualTo("Q2");
        assertThat(event.operation()).isEqualTo("addUser");
        assertThat(event.userId()).isEqualTo("2001");
        assertThat(event.state()).isEqualTo(CommandState.SUCCEEDED);
        assertThat(event.answerCode()).isEqualTo("200");
        // the default event set is unchanged: no COMMAND_RESULT there
        assertThat(getMockEndpoint("mock:default").getReceivedExchanges())
                .noneMatch(e -> "COMMAND_RESULT".equals(e.getMessage().getHeader(DoorfaceConstants.EVENT_KIND)));
    }

    @Test
    void withoutQueueingAnOfflineTerminalStillFailsAtOnce() {
        Exchange failed = send("direct:fail", "NEVER", DoorfaceOperation.deleteUser, "1");
        assertThat(failed.getException()).isInstanceOf(
                dev.doorface.camel.exception.TerminalNotConnectedException.class);
    }

    @Test
    void aCommandInterruptedByADisconnectIsSentAgain() throws Exception {
        SimulatedTerminal terminal = wentAway("Q3");
        QueuedCommandResult queued = queued(send("direct:queue", "Q3", DoorfaceOperation.addUser, user("3001")));

        terminal.behaviour(Behaviour.DROP_CONNECTION);
        result(terminal.connect());
        await().atMost(PROMPTLY).until(() -> terminal.receivedCommands().size() == 1);
        awaitOffline("Q3");
        await().atMost(PROMPTLY).until(() -> stored("Q3", queued.commandId()).state() == CommandState.QUEUED);
        assertThat(terminal.users()).isEmpty();

        terminal.behaviour(Behaviour.NORMAL);
        result(terminal.connect());
        await().atMost(PROMPTLY).until(() -> stored("Q3", queued.commandId()).state() == CommandState.SUCCEEDED);
        assertThat(stored("Q3", queued.commandId()).attempts()).isEqualTo(2);
        assertThat(terminal.users()).containsKey("3001");
        assertThat(operations(terminal)).containsExactly("addUser", "addUser");
    }

    @Test
    void aDirectCommandWhoseConnectionEndsBeforeTheAnswerIsQueued() throws Exception {
        SimulatedTerminal terminal = connect("Q7");
        terminal.behaviour(Behaviour.DROP_CONNECTION);

        QueuedCommandResult queued = queued(send("direct:queue", "Q7", DoorfaceOperation.addUser, user("7001")));
        awaitOffline("Q7");
        assertThat(stored("Q7", queued.commandId()).state()).isEqualTo(CommandState.QUEUED);

        terminal.behaviour(Behaviour.NORMAL);
        result(terminal.connect());
        await().atMost(PROMPTLY).until(() -> stored("Q7", queued.commandId()).state() == CommandState.SUCCEEDED);
        assertThat(terminal.users()).containsKey("7001");
    }

    @Test
    void aRefusedCommandStaysFailedWithTheTerminalsMessage() throws Exception {
        SimulatedTerminal terminal = wentAway("Q4");
        QueuedCommandResult queued = queued(send("direct:queue", "Q4", DoorfaceOperation.addUser, user("4001")));

        terminal.behaviour(Behaviour.FAIL);
        result(terminal.connect());
        CommandResultEvent event = resultFor(getMockEndpoint("mock:results"), queued.commandId());
        assertThat(event.state()).isEqualTo(CommandState.FAILED);
        assertThat(event.answerCode()).isEqualTo("500");
        assertThat(event.answerMessage()).isEqualTo("simulated failure");
        QueuedCommand failed = stored("Q4", queued.commandId());
        assertThat(failed.state()).isEqualTo(CommandState.FAILED);
        assertThat(failed.answerMessage()).isEqualTo("simulated failure");

        // not retried on return: only the new direct command arrives
        result(terminal.disconnect());
        awaitOffline("Q4");
        terminal.behaviour(Behaviour.NORMAL);
        result(terminal.connect());
        assertThat(send("direct:queue", "Q4", DoorfaceOperation.selectUser, null).getException()).isNull();
        assertThat(operations(terminal)).containsExactly("addUser", "selectUser");
        assertThat(stored("Q4", queued.commandId()).state()).isEqualTo(CommandState.FAILED);
    }

    @Test
    void aCommandWhoseTimeToLiveEndsExpiresAndIsNeverSent() throws Exception {
        SimulatedTerminal terminal = wentAway("Q5");
        QueuedCommandResult queued = queued(send("direct:short", "Q5", DoorfaceOperation.addUser, user("5001")));

        CommandResultEvent event = resultFor(getMockEndpoint("mock:results"), queued.commandId());
        assertThat(event.state()).isEqualTo(CommandState.EXPIRED);
        assertThat(event.userId()).isEqualTo("5001");
        assertThat(stored("Q5", queued.commandId()).state()).isEqualTo(CommandState.EXPIRED);

        result(terminal.connect());
        assertThat(send("direct:queue", "Q5", DoorfaceOperation.selectUser, null).getException()).isNull();
        assertThat(operations(terminal)).containsExactly("selectUser");
    }

    @Test
    void aQueuedCommandCanBeCancelledAndOnlyWhileQueued() throws Exception {
        SimulatedTerminal terminal = wentAway("Q6");
        QueuedCommandResult first = queued(send("direct:queue", "Q6", DoorfaceOperation.addUser, user("6001")));
        QueuedCommandResult second = queued(send("direct:queue", "Q6", DoorfaceOperation.addUser, user("6002")));

        Exchange cancelled = template.request("direct:fail", e -> {
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.cancelCommand);
            e.getMessage().setHeader(DoorfaceConstants.COMMAND_ID, first.commandId());
        });
        assertThat(cancelled.getException()).isNull();
        assertThat(cancelled.getMessage().getBody(QueuedCommand.class).state()).isEqualTo(CommandState.CANCELLED);
        assertThat(resultFor(getMockEndpoint("mock:results"), first.commandId()).state())
                .isEqualTo(CommandState.CANCELLED);

        result(terminal.connect());
        await().atMost(PROMPTLY).until(() -> stored("Q6", second.commandId()).state() == CommandState.SUCCEEDED);
        assertThat(terminal.users()).containsOnlyKeys("6002");
        assertThat(stored("Q6", first.commandId()).state()).isEqualTo(CommandState.CANCELLED);

        Exchange tooLate = template.request("direct:fail", e -> {
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.cancelCommand);
            e.getMessage().setBody(second.commandId());
        });
        assertThat(tooLate.getException()).isInstanceOf(dev.doorface.camel.exception.InvalidCommandException.class)
                .hasMessageContaining("SUCCEEDED");
        Map<String, Object> none = Map.of(DoorfaceConstants.OPERATION, DoorfaceOperation.cancelCommand);
        Exchange unknown = template.request("direct:fail", e -> {
            e.getMessage().setHeaders(none);
            e.getMessage().setBody("no-such-id");
        });
        assertThat(unknown.getException()).hasMessageContaining("No queued command");
    }
}
