package dev.doorface.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * blocking=false runs a route on the event loop of the terminal's connection instead of the worker pool, with the
 * same answers: 200 once the route completed, 500 when it failed; registration and disconnection events too.
 */
class NonBlockingRouteTest extends DoorfaceTestSupport {

    private final Map<String, String> threadOf = new ConcurrentHashMap<>();
    private final List<String> statusEvents = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&blocking=false")).routeId("on-the-loop")
                        .process(exchange -> {
                            AccessEvent event = exchange.getMessage().getBody(AccessEvent.class);
                            threadOf.put(event.eventId(), Thread.currentThread().getName());
                            if (event.eventId().startsWith("bad")) {
                                throw new IllegalStateException("refused by the route");
                            }
                        });
                from(gateway("events=REGISTERED,DISCONNECTED&blocking=false")).routeId("status-on-the-loop")
                        .process(exchange -> statusEvents.add(
                                exchange.getMessage().getHeader(DoorfaceConstants.EVENT_KIND, String.class) + " "
                                + Thread.currentThread().getName()));
                // a producer: the exchange goes on after the terminal's answer
                from("direct:command-on-the-loop").to(gateway("operation=addUser&blocking=false"))
                        .process(exchange -> threadOf.put("command-loop", Thread.currentThread().getName()));
                from("direct:command-on-a-worker").to(gateway("operation=addUser"))
                        .process(exchange -> threadOf.put("command-worker", Thread.currentThread().getName()));
                from(gateway("events=ACCESS")).routeId("on-a-worker")
                        .process(exchange -> threadOf.put("worker-" + exchange.getMessage()
                                .getBody(AccessEvent.class).eventId(), Thread.currentThread().getName()));
            }
        };
    }

    @Test
    void aNonBlockingRouteRunsOnTheEventLoopAndIsAnsweredByItsOutcome() throws Exception {
        SimulatedTerminal terminal = connect("LOOP-1");

        assertThat(result(terminal.sendAccessEvent("ok-1", "u1"))).isEqualTo("200");
        assertThat(result(terminal.sendAccessEvent("bad-1", "u1"))).isEqualTo("500");
        assertThat(result(terminal.sendAccessEvent("ok-2", "u1"))).isEqualTo("200");

        assertThat(threadOf.get("ok-1")).startsWith("vert.x-eventloop-thread");
        assertThat(threadOf.get("bad-1")).startsWith("vert.x-eventloop-thread");
        // the default still hands the exchange to the gateway's worker pool
        assertThat(threadOf.get("worker-ok-1")).doesNotStartWith("vert.x-eventloop-thread");

        terminal.close();
        await().atMost(PROMPTLY).until(() -> statusEvents.size() == 2);
        assertThat(statusEvents.get(0)).startsWith("REGISTERED vert.x-eventloop-thread");
        assertThat(statusEvents.get(1)).startsWith("DISCONNECTED vert.x-eventloop-thread");
    }

    @Test
    void aNonBlockingProducerGoesOnOnTheEventLoopThatReceivedTheAnswer() throws Exception {
        SimulatedTerminal terminal = connect("LOOP-2");
        DoorUser user = new DoorUser("ann", "U7", "pw", "Ann", "0", SampleImages.jpegBase64(3));

        Object onTheLoop = template.requestBodyAndHeader("direct:command-on-the-loop", user,
                DoorfaceConstants.DEVICE_SN, "LOOP-2");
        Object onAWorker = template.requestBodyAndHeader("direct:command-on-a-worker", user,
                DoorfaceConstants.DEVICE_SN, "LOOP-2");

        assertThat(onTheLoop).isInstanceOf(CommandResult.class);
        assertThat(((CommandResult) onTheLoop).code()).isEqualTo("200");
        assertThat(((CommandResult) onAWorker).code()).isEqualTo("200");
        assertThat(terminal.users()).containsKey("U7");
        assertThat(threadOf.get("command-loop")).startsWith("vert.x-eventloop-thread");
        // the default hands the answer to a worker thread
        assertThat(threadOf.get("command-worker")).doesNotStartWith("vert.x-eventloop-thread");
        // a command nobody can take fails the same way
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:command-on-the-loop", user,
                DoorfaceConstants.DEVICE_SN, "NOBODY"))
                .hasCauseInstanceOf(TerminalNotConnectedException.class);
    }
}
