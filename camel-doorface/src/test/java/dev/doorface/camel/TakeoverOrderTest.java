package dev.doorface.camel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A terminal whose connection drops and comes back: its events reach routes in the order they happened across both
 * connections, and commands waiting for the older connection go to the newer one.
 */
class TakeoverOrderTest extends DoorfaceTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=REGISTERED,ACCESS,DISCONNECTED")).routeId("all")
                        .process(exchange -> {
                            TerminalEvent event = exchange.getMessage().getBody(TerminalEvent.class);
                            String label = event.kind().name();
                            if (event instanceof AccessEvent access) {
                                label += " " + access.eventId();
                                if ("slow".equals(access.userId())) {
                                    entered.countDown();
                                    release.await(60, TimeUnit.SECONDS);
                                }
                            }
                            seen.add(label);
                        });
                from("direct:command").to(gateway("requestTimeout=60000"));
            }
        };
    }

    @Test
    void disconnectOfTheOlderConnectionReachesRoutesBeforeTheNewerRegistration() throws Exception {
        SimulatedTerminal first = connect("T1");
        CompletableFuture<String> slowAnswer = first.sendAccessEvent("e1", "slow");
        assertThat(entered.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the connection drops while its event is still in the route; the terminal comes back at once
        first.close();
        DoorfaceComponent component = context.getComponent("doorface", DoorfaceComponent.class);
        await().atMost(PROMPTLY).until(() -> component.getGateway("127.0.0.1", port).registeredTerminals() == 0);
        SimulatedTerminal second = connect("T1");
        CompletableFuture<String> quickAnswer = second.sendAccessEvent("e2", "quick");
        release.countDown();

        await().atMost(PROMPTLY).until(() -> seen.size() >= 5);
        assertThat(seen).containsExactly("REGISTERED", "ACCESS e1", "DISCONNECTED", "REGISTERED", "ACCESS e2");
        assertThat(result(quickAnswer)).isEqualTo("200");
        await().atMost(PROMPTLY).until(slowAnswer::isDone);
        assertThat(slowAnswer).isCompletedExceptionally();
    }

    private static void command(Exchange exchange, Map<String, Object> headers, String userId) {
        exchange.getMessage().setHeaders(new HashMap<>(headers));
        exchange.getMessage().setHeader(DoorfaceConstants.USER_ID, userId);
    }

    @Test
    void commandsWaitingForAReplacedConnectionGoToTheNewerOne() throws Exception {
        release.countDown();
        SimulatedTerminal first = connect(terminal("T2").recordCommands(true));
        first.behaviour(Behaviour.SILENT);
        Map<String, Object> headers = Map.of(DoorfaceConstants.DEVICE_SN, "T2",
                DoorfaceConstants.OPERATION, DoorfaceOperation.selectUser);
        // the first is written and never answered; the second waits behind it
        CompletableFuture<Exchange> inFlight = template.asyncSend("direct:command",
                e -> command(e, headers, "A"));
        await().atMost(PROMPTLY).until(() -> first.receivedCommands().size() == 1);
        CompletableFuture<Exchange> queued = template.asyncSend("direct:command",
                e -> command(e, headers, "B"));

        SimulatedTerminal second = connect(terminal("T2").recordCommands(true));

        Exchange moved = result(queued);
        assertThat(moved.getException()).isNull();
        assertThat(moved.getMessage().getHeader(DoorfaceConstants.RESULT_CODE)).isEqualTo("203");
        assertThat(second.receivedCommands()).hasSize(1).allMatch(c -> c.contains("\"B\""));
        assertThat(result(inFlight).getException()).isInstanceOf(TerminalDisconnectedException.class);
    }
}
