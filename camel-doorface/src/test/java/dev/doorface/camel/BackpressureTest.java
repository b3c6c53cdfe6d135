package dev.doorface.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow routes hold up neither the gateway's memory nor its threads: at most workerPoolSize events are in routes at
 * once, and a terminal with more than maxPendingReports reports waiting is no longer read until they are handled.
 */
class BackpressureTest extends DoorfaceTestSupport {

    private static final int POOL = 3;
    private static final int PENDING = 4;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inRoute = new AtomicInteger();
    private final AtomicInteger mostInRoute = new AtomicInteger();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&workerPoolSize=" + POOL + "&maxPendingReports=" + PENDING))
                        .process(exchange -> {
                            AccessEvent event = exchange.getMessage().getBody(AccessEvent.class);
                            mostInRoute.accumulateAndGet(inRoute.incrementAndGet(), Math::max);
                            try {
                                if (event.sn().startsWith("SLOW")) {
                                    release.await(60, TimeUnit.SECONDS);
                                }
                                handled.add(event.sn() + "/" + event.eventId());
                            } finally {
                                inRoute.decrementAndGet();
                            }
                        });
            }
        };
    }

    private DoorfaceComponent component() {
        return context.getComponent("doorface", DoorfaceComponent.class);
    }

    @Test
    void routesRunOnABoundedPool() throws Exception {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(connect("SLOW" + i).sendAccessEvent("e", "u"));
        }
        await().atMost(PROMPTLY).until(() -> inRoute.get() == POOL);
        release.countDown();
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(handled).hasSize(8);
        assertThat(mostInRoute.get()).isEqualTo(POOL);
    }

    @Test
    void aTerminalWithTooManyReportsWaitingIsNotReadUntilTheyAreHandled() throws Exception {
        SimulatedTerminal slow = connect("SLOW-T");
        SimulatedTerminal quick = connect("QUICK");
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(slow.sendAccessEvent("e" + i, "u"));
        }
        await().atMost(PROMPTLY).until(() -> component().getGateway("127.0.0.1", port).pausedConnections() == 1);
        // nobody else is slowed down
        assertThat(result(quick.sendAccessEvent("q1", "u"))).isEqualTo("200");
        assertThat(result(quick.sendHeartbeat())).isEqualTo("200");

        release.countDown();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assertThat(result(answers.get(i))).isEqualTo("200");
            expected.add("SLOW-T/e" + i);
        }
        assertThat(handled.stream().filter(h -> h.startsWith("SLOW-T")).toList()).containsExactlyElementsOf(expected);
        await().atMost(PROMPTLY).until(() -> component().getGateway("127.0.0.1", port).pausedConnections() == 0);
    }
}
