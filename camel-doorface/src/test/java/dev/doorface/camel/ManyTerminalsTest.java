package dev.doorface.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many terminals at once over loopback: events from all of them while broadcasts run, bounded in count. Every event
 * is answered 200 and handled exactly once, in its terminal's order; every broadcast reaches every terminal.
 */
class ManyTerminalsTest extends DoorfaceTestSupport {

    private static final int TERMINALS = 40;
    private static final int EVENTS_EACH = 25;
    private static final int BROADCASTS = 5;

    private final Vertx terminalsVertx = Vertx.vertx();
    private final Map<String, List<String>> handled = new ConcurrentHashMap<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS")).process(exchange -> {
                    AccessEvent event = exchange.getMessage().getBody(AccessEvent.class);
                    handled.computeIfAbsent(event.sn(), sn -> new CopyOnWriteArrayList<>()).add(event.eventId());
                });
                from("direct:everywhere").to(gateway("operation=addUser&deviceSn=*"));
            }
        };
    }

    @AfterEach
    void closeVertx() throws Exception {
        closeTerminals(); // before the Vert.x they share
        terminalsVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void eventsAndBroadcastsFromManyTerminalsAtOnce() throws Exception {
        List<SimulatedTerminal> terminals = new ArrayList<>();
        for (int t = 0; t < TERMINALS; t++) {
            terminals.add(connect(terminal(String.format("MANY-%02d", t)).vertx(terminalsVertx)));
        }
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < EVENTS_EACH; i++) {
            for (SimulatedTerminal terminal : terminals) {
                answers.add(terminal.sendAccessEvent("e" + i, "u" + i));
            }
        }
        List<CompletableFuture<Object>> broadcasts = new ArrayList<>();
        for (int b = 0; b < BROADCASTS; b++) {
            broadcasts.add(template.asyncRequestBody("direct:everywhere", Map.of("user", "u", "userId", "B" + b,
                    "pwd", "p", "name", "N", "role", "0", "img", SampleImages.jpegBase64(b))));
        }

        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        List<String> expectedOrder = new ArrayList<>();
        for (int i = 0; i < EVENTS_EACH; i++) {
            expectedOrder.add("e" + i);
        }
        assertThat(handled).hasSize(TERMINALS);
        handled.values().forEach(ids -> assertThat(ids).containsExactlyElementsOf(expectedOrder));

        for (CompletableFuture<Object> broadcast : broadcasts) {
            @SuppressWarnings("unchecked")
            List<TerminalResult> results = (List<TerminalResult>) result(broadcast);
            assertThat(results).hasSize(TERMINALS).allMatch(TerminalResult::ok);
        }
        for (SimulatedTerminal terminal : terminals) {
            assertThat(terminal.users()).containsKeys("B0", "B1", "B2", "B3", "B4");
        }
    }
}
