package dev.doorface.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A terminal's event is answered 200 only after its route completed, 500 when the route failed; one terminal's slow
 * route holds up neither the gateway nor other terminals, and a terminal's events are handled in the order sent.
 */
class AckAfterRouteTest extends DoorfaceTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS")).routeId("access")
                        .process(exchange -> {
                            AccessEvent event = exchange.getMessage().getBody(AccessEvent.class);
                            if ("SLOW".equals(event.sn())) {
                                // blocks a worker thread, never the event loop
                                release.await(60, TimeUnit.SECONDS);
                            }
                            if ("bad-user".equals(event.userId())) {
                                throw new IllegalStateException("database refused the row");
                            }
                            handled.add(event.sn() + "/" + event.eventId());
                        });
            }
        };
    }

    @Test
    void failingRouteAnswers500AndSucceedingRoute200() throws Exception {
        SimulatedTerminal terminal = connect("T1");
        assertThat(result(terminal.sendAccessEvent("e1", "bad-user"))).isEqualTo("500");
        assertThat(result(terminal.sendAccessEvent("e2", "good-user"))).isEqualTo("200");
        assertThat(handled).containsExactly("T1/e2");
    }

    @Test
    void answerWaitsForTheRouteAndOtherTerminalsAreNotHeldUp() throws Exception {
        SimulatedTerminal slow = connect("SLOW");
        SimulatedTerminal quick = connect("QUICK");
        CompletableFuture<String> slowAnswer = slow.sendAccessEvent("s1", "u");
        // the second event of the slow terminal waits behind the first
        CompletableFuture<String> slowSecond = slow.sendAccessEvent("s2", "u");

        assertThat(result(quick.sendAccessEvent("q1", "u"))).isEqualTo("200");
        assertThat(result(quick.sendHeartbeat())).isEqualTo("200");
        assertThat(slowAnswer).isNotDone();
        assertThat(slowSecond).isNotDone();
        assertThat(handled).containsExactly("QUICK/q1");

        release.countDown();
        assertThat(result(slowAnswer)).isEqualTo("200");
        assertThat(result(slowSecond)).isEqualTo("200");
        assertThat(handled).containsExactly("QUICK/q1", "SLOW/s1", "SLOW/s2");
    }

    @Test
    void eventsOfOneTerminalAreHandledInOrder() throws Exception {
        release.countDown();
        SimulatedTerminal terminal = connect("ORDER");
        List<CompletableFuture<String>> answers = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        byte[] photo = new byte[120_000]; // large enough to be parsed off the event loop
        for (int i = 0; i < 30; i++) {
            // big and small messages alternate: the large ones take another path and must not be overtaken
            answers.add(i % 3 == 0 ? terminal.sendAccessEvent("e" + i, "u", "0", photo)
                    : terminal.sendAccessEvent("e" + i, "u"));
            expected.add("ORDER/e" + i);
        }
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(handled).containsExactlyElementsOf(expected);
    }

    @Test
    void eventNobodyConsumesIsNotAcknowledged() throws Exception {
        release.countDown();
        SimulatedTerminal terminal = connect("T2");
        context.getRouteController().stopRoute("access");
        // the gateway stopped with its last endpoint: start one that only wants registrations
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=REGISTERED")).routeId("registrations").to("mock:registrations");
            }
        });
        terminal.close();
        SimulatedTerminal again = connect("T2");
        assertThat(result(again.sendAccessEvent("e1", "u"))).isEqualTo("500");
        await().atMost(PROMPTLY).until(() -> getMockEndpoint("mock:registrations").getReceivedCounter() == 1);
    }
}
