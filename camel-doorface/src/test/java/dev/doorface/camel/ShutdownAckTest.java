package dev.doorface.camel;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping Camel while a route handles an event: the route completes, so the terminal is answered 200; and the
 * terminals still connected are reported DISCONNECTED ("gateway stopping") to routes that are still running.
 */
class ShutdownAckTest extends DoorfaceTestSupport {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> disconnected = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS")).routeId("access")
                        .process(exchange -> {
                            entered.countDown();
                            release.await(60, TimeUnit.SECONDS);
                        });
                from(gateway("events=DISCONNECTED")).routeId("status")
                        .process(exchange -> disconnected.add(
                                exchange.getMessage().getBody(TerminalDisconnected.class).sn() + ": "
                                + exchange.getMessage().getBody(TerminalDisconnected.class).reason()));
            }
        };
    }

    @Test
    void eventCompletedWhileCamelStopsIsAnswered200() throws Exception {
        SimulatedTerminal terminal = connect("STOPPING");
        SimulatedTerminal idle = connect("IDLE");
        CompletableFuture<String> answer = terminal.sendAccessEvent("e1", "u");
        assertThat(entered.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> context.stop());
        DoorfaceComponent component = context.getComponent("doorface", DoorfaceComponent.class);
        await().atMost(PROMPTLY).until(() -> component.getGateway("127.0.0.1", port).isQuiescing());
        release.countDown();
        assertThat(answer.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo("200");
        stopping.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        assertThat(disconnected).contains("IDLE: gateway stopping");
        assertThat(idle.closed().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    }
}
