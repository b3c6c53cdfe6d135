package dev.doorface.camel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The six commands round-trip to a simulated terminal; every failure comes back typed. The gateway here is kept up by
 * producers alone: no consumer route exists.
 */
class ProducerCommandsTest extends DoorfaceTestSupport {

    private static final String IMG = SampleImages.jpegBase64(7);

    private final Set<String> timeoutThreads = ConcurrentHashMap.newKeySet();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:command").to(gateway("requestTimeout=30000"));
                from("direct:add").to(gateway("operation=addUser&deviceSn=T1"));
                from("direct:quick").to(gateway("requestTimeout=400"));
                from("direct:patient").to(gateway("requestTimeout=10m"));
                // blocking=false: the exchange goes on where its command ended, here where its timeout fired
                from("direct:silent").onException(CommandTimeoutException.class).handled(true)
                        .process(e -> timeoutThreads.add(Thread.currentThread().getName())).end()
                        .to(gateway("requestTimeout=200&blocking=false"));
            }
        };
    }

    private Object send(String sn, DoorfaceOperation operation, Object body) {
        return template.requestBodyAndHeaders("direct:command", body,
                Map.of(DoorfaceConstants.DEVICE_SN, sn, DoorfaceConstants.OPERATION, operation));
    }

    /** Through the endpoint with a 400 ms requestTimeout; the exchange carries the outcome. */
    private Exchange requestQuick(String sn, Object operation, Object body) {
        return template.request("direct:quick", e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, operation);
            e.getMessage().setBody(body);
        });
    }

    private static DoorUser user(String userId) {
        return new DoorUser("lisi", userId, "1234", "李四", "0", IMG);
    }

    @Test
    void allSixCommandsRoundTrip() throws Exception {
        SimulatedTerminal terminal = connect("T1");

        // addUser through an endpoint that names operation and terminal itself
        Exchange added = template.request("direct:add", e -> e.getMessage().setBody(user("1001")));
        assertThat(added.getException()).isNull();
        CommandResult result = added.getMessage().getBody(CommandResult.class);
        assertThat(result.sn()).isEqualTo("T1");
        assertThat(result.code()).isEqualTo("200");
        assertThat(added.getMessage().getHeader(DoorfaceConstants.COMMAND_ID)).isEqualTo(result.commandId());
        assertThat(terminal.users()).containsKey("1001");
        assertThat(terminal.users().get("1001").img()).isEqualTo(IMG);

        // a Map as a CSV or JDBC row gives, and a JSON string
        send("T1", DoorfaceOperation.addUser, Map.of("user", "w", "userId", "1002", "pwd", "p", "name", "Wang",
                "role", "1", "img", SampleImages.jpegBase64(8)));
        send("T1", DoorfaceOperation.addUser, "{\"user\":\"z\",\"userId\":\"1003\",\"pwd\":\"p\",\"name\":\"Zhao\","
                                              + "\"role\":\"0\",\"img\":\"" + SampleImages.jpegBase64(9) + "\"}");
        assertThat(terminal.users()).containsKeys("1002", "1003");

        @SuppressWarnings("unchecked")
        List<DoorUser> all = (List<DoorUser>) send("T1", DoorfaceOperation.selectUser, null);
        assertThat(all).extracting(DoorUser::userId).containsExactlyInAnyOrder("1001", "1002", "1003");
        @SuppressWarnings("unchecked")
        List<DoorUser> one = (List<DoorUser>) send("T1", DoorfaceOperation.selectUser, Map.of("userId", "1002"));
        assertThat(one).extracting(DoorUser::name).containsExactly("Wang");

        send("T1", DoorfaceOperation.editUser, Map.of("userId", "1002", "name", "Wang Wu"));
        assertThat(terminal.users().get("1002").name()).isEqualTo("Wang Wu");
        assertThat(terminal.receivedCommands()).anyMatch(c -> c.contains("\"command\":\"editUser\""));

        assertThat(send("T1", DoorfaceOperation.compareUser, Map.of("img", IMG))).isEqualTo(true);
        assertThat(send("T1", DoorfaceOperation.compareUser, SampleImages.jpeg(99))).isEqualTo(false);

        send("T1", DoorfaceOperation.deleteUser, "1003");
        assertThat(terminal.users()).doesNotContainKey("1003");

        byte[] snapshot = SampleImages.jpeg(5);
        assertThat(result(terminal.sendAccessEvent("ev-77", "1001", "0", snapshot))).isEqualTo("500"); // no consumer
        AccessEvent event = (AccessEvent) send("T1", DoorfaceOperation.queryEvent, Map.of("eventid", "ev-77"));
        assertThat(event.eventId()).isEqualTo("ev-77");
        assertThat(event.userId()).isEqualTo("1001");
        assertThat(event.imageBytes()).isEqualTo(snapshot);
    }

    @Test
    void broadcastReturnsAResultPerTerminal() throws Exception {
        SimulatedTerminal a = connect("B-A");
        SimulatedTerminal b = connect("B-B");
        SimulatedTerminal c = connect("B-C");
        c.behaviour(Behaviour.FAIL);

        @SuppressWarnings("unchecked")
        List<TerminalResult> results = (List<TerminalResult>) send("*", DoorfaceOperation.addUser, user("2001"));
        assertThat(results).extracting(TerminalResult::sn).containsExactly("B-A", "B-B", "B-C");
        assertThat(results).extracting(TerminalResult::ok).containsExactly(true, true, false);
        assertThat(results.get(2).code()).isEqualTo("500");
        assertThat(results.get(2).message()).isEqualTo("simulated failure");
        assertThat(a.users()).containsKey("2001");
        assertThat(b.users()).containsKey("2001");
        // every terminal got its own commandId
        assertThat(List.of(a.receivedCommands().get(0), b.receivedCommands().get(0)))
                .extracting(s -> s.replaceAll(".*\"commandId\":\"(\\d+)\".*", "$1")).doesNotHaveDuplicates();
    }

    @Test
    void notConnected() {
        assertThatThrownBy(() -> send("NOBODY", DoorfaceOperation.selectUser, null))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOf(TerminalNotConnectedException.class).hasMessage("Terminal NOBODY is not connected");
    }

    @Test
    void missingFieldsFailBeforeAnythingIsSent() throws Exception {
        SimulatedTerminal terminal = connect("T-VAL");
        assertThatThrownBy(() -> send("T-VAL", DoorfaceOperation.addUser, Map.of("userId", "1", "name", "x")))
                .cause().isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("missing: user, pwd, role, img");
        assertThatThrownBy(() -> send("T-VAL", DoorfaceOperation.compareUser, Map.of()))
                .cause().isInstanceOf(InvalidCommandException.class).hasMessageContaining("img");
        assertThatThrownBy(() -> send("T-VAL", DoorfaceOperation.addUser, "{not json"))
                .cause().isInstanceOf(InvalidCommandException.class).hasMessageContaining("not valid JSON");
        // a command that is valid goes through, and it is the only one the terminal ever saw
        send("T-VAL", DoorfaceOperation.selectUser, null);
        assertThat(terminal.receivedCommands()).hasSize(1).allMatch(c -> c.contains("selectUser"));
    }

    @Test
    void terminalErrorCarriesCodeAndMessage() throws Exception {
        connect("T-ERR").behaviour(Behaviour.FAIL);
        assertThatThrownBy(() -> send("T-ERR", DoorfaceOperation.deleteUser, "1"))
                .cause().isInstanceOfSatisfying(TerminalErrorException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("500");
                    assertThat(e.getTerminalMessage()).isEqualTo("simulated failure");
                });
    }

    @Test
    void disconnectWhileWaitingFailsAtOnceNotAtTheTimeout() throws Exception {
        connect("T-DROP").behaviour(Behaviour.DROP_CONNECTION);
        // the endpoint waits ten minutes for an answer: only the disconnect can end the command within PROMPTLY
        var exchange = template.asyncSend("direct:patient", e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "T-DROP");
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, "selectUser");
        });
        assertThat(result(exchange).getException()).isInstanceOf(TerminalDisconnectedException.class)
                .hasMessageContaining("T-DROP disconnected before answering");
    }

    @Test
    void silentTerminalTimesOutAndTheLateAnswerIsDropped() throws Exception {
        SimulatedTerminal terminal = connect("T-SLOW");
        terminal.behaviour(Behaviour.SLOW);
        terminal.slowDelay(Duration.ofMillis(1500));
        Exchange timedOut = requestQuick("T-SLOW", "selectUser", null);
        assertThat(timedOut.getException()).isInstanceOfSatisfying(CommandTimeoutException.class,
                e -> assertThat(e.getTimeoutMillis()).isEqualTo(400));
        // the late answer arrives, is dropped, and the next command gets its own answer
        await().atMost(PROMPTLY).until(() -> terminal.commandsAnswered() == 1);
        terminal.behaviour(Behaviour.NORMAL);
        terminal.putUser(new SimUser("a", "9", "p", "A", "0", IMG));
        @SuppressWarnings("unchecked")
        List<DoorUser> users = (List<DoorUser>) send("T-SLOW", DoorfaceOperation.selectUser, null);
        assertThat(users).extracting(DoorUser::userId).containsExactly("9");
    }

    /**
     * A command's timeout runs on the event loop of its terminal's connection, where the answer that cancels it
     * arrives, whichever thread sent it. Set from the sending thread, each timer went to that thread's own event loop
     * (Vert.x gives each outside thread one, in turn), and a timer cancelled from another loop stayed queued there
     * until that loop next woke: tens of thousands of them at a few hundred commands a second.
     */
    @Test
    void aCommandTimesOutOnTheEventLoopOfItsTerminalsConnection() throws Exception {
        connect("T-LOOP").behaviour(Behaviour.SILENT);
        // four threads of their own, so that Vert.x would have given them every event loop in turn
        for (int i = 0; i < 4; i++) {
            Thread sender = new Thread(() -> template.requestBodyAndHeaders("direct:silent", "1",
                    Map.of(DoorfaceConstants.DEVICE_SN, "T-LOOP", DoorfaceConstants.OPERATION,
                            DoorfaceOperation.deleteUser)));
            sender.start();
            sender.join(PROMPTLY.toMillis());
        }
        DoorfaceGateway gateway = context.getComponent("doorface", DoorfaceComponent.class)
                .getGateway("127.0.0.1", port);
        assertThat(timeoutThreads).isNotEmpty().isEqualTo(gateway.connectionThreads());
    }

    @Test
    void silentTerminalTimesOut() throws Exception {
        connect("T-MUTE").behaviour(Behaviour.SILENT);
        Exchange timedOut = requestQuick("T-MUTE", DoorfaceOperation.deleteUser, "1");
        assertThat(timedOut.getException()).isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("T-MUTE").hasMessageContaining("400 ms");
    }

    @Test
    void commandsToOneTerminalGoOneAtATime() throws Exception {
        SimulatedTerminal terminal = connect("T-SEQ");
        terminal.behaviour(Behaviour.SILENT);
        var first = template.asyncSend("direct:command", e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "T-SEQ");
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, "addUser");
            e.getMessage().setBody(user("1"));
        });
        await().atMost(PROMPTLY).until(() -> terminal.receivedCommands().size() == 1);
        var second = template.asyncSend("direct:command", e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "T-SEQ");
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, "addUser");
            e.getMessage().setBody(user("2"));
        });
        // the first is never answered, so the second waits in the mailbox until the connection ends
        await().atMost(PROMPTLY).until(() -> context.getInflightRepository().size() == 2);
        terminal.disconnect().get();
        assertThat(first.get().getException()).isInstanceOf(TerminalDisconnectedException.class);
        // the second failed without ever being written: disconnected while queued, or not connected any more if the
        // close overtook its hand-over to the mailbox
        assertThat(second.get().getException())
                .isInstanceOfAny(TerminalDisconnectedException.class, TerminalNotConnectedException.class);
        assertThat(terminal.receivedCommands()).hasSize(1).allMatch(c -> c.contains("\"userId\":\"1\""));
    }

    @Test
    void malformedAnswerIsDroppedAndTheCommandTimesOut() throws Exception {
        SimulatedTerminal terminal = connect("T-BAD");
        terminal.behaviour(Behaviour.MALFORMED);
        Exchange exchange = requestQuick("T-BAD", "selectUser", null);
        assertThat(exchange.getException()).isInstanceOf(CommandTimeoutException.class);
        assertThat(terminal.isConnected()).isTrue();
    }
}
