package dev.doorface.camel;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reconnect storm: 1,000 terminals (one Vert.x instance, loopback) connect and register all at once, then all drop
 * and dial in again at once, as after a network outage. Every one registers each time, heartbeats keep flowing from
 * every one, no one is dropped for silence, and a broadcast to all of them completes. Bounded: 1,000 terminals, two
 * waves, one broadcast.
 */
class ReconnectStormTest extends DoorfaceTestSupport {

    private static final int TERMINALS = 1000;
    /** Generous: the whole storm usually settles in seconds, a loaded 2-core machine may need far more. */
    private static final Duration STORM = Duration.ofSeconds(120);

    private final Vertx terminalsVertx = Vertx.vertx();
    private final Map<String, AtomicInteger> heartbeats = new ConcurrentHashMap<>();
    private final List<TerminalDisconnected> droppedByGateway = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        // heartbeats every second; a terminal is dropped after 10 s of silence
        String options = "heartbeatInterval=1&heartbeatMisses=10";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway(options + "&events=HEARTBEAT,DISCONNECTED")).process(exchange -> {
                    Object body = exchange.getMessage().getBody();
                    if (body instanceof HeartbeatEvent beat) {
                        heartbeats.computeIfAbsent(beat.sn(), sn -> new AtomicInteger()).incrementAndGet();
                    } else if (body instanceof TerminalDisconnected gone && !"closed by terminal".equals(gone.reason())) {
                        droppedByGateway.add(gone);
                    }
                });
                from("direct:everywhere").to(gateway(options + "&operation=addUser&deviceSn=*&requestTimeout=60s"));
            }
        };
    }

    @AfterEach
    void closeVertx() throws Exception {
        closeTerminals(); // before the Vert.x they share
        terminalsVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private DoorfaceGateway gateway() {
        return context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port);
    }

    @Test
    void thousandTerminalsRegisterAtOnceTwiceAndStayServed() throws Exception {
        // both ends of every connection live in this JVM: about 2,600 descriptors at the peak (measured)
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            assertThat(os.getMaxFileDescriptorCount())
                    .as("open-file limit of the test JVM: raise it (ulimit -n) to run %d terminals", TERMINALS)
                    .isGreaterThanOrEqualTo(3L * TERMINALS);
        }
        List<SimulatedTerminal> terminals = new ArrayList<>();
        for (int t = 0; t < TERMINALS; t++) {
            SimulatedTerminal terminal = terminal(String.format("STORM-%04d", t)).vertx(terminalsVertx)
                    .recordCommands(false).build();
            terminals.add(terminal);
            track(terminal);
        }
        // wave one: everybody at once
        allDone(terminals.stream().map(SimulatedTerminal::connect).toList());
        assertThat(gateway().registeredTerminals()).isEqualTo(TERMINALS);
        heartbeatsKeepFlowing(terminals);

        // wave two: everybody drops and dials in again at once
        allDone(terminals.stream().map(t -> t.disconnect().thenCompose(code -> t.connect())).toList());
        await().atMost(STORM).until(() -> gateway().registeredTerminals() == TERMINALS);
        heartbeatsKeepFlowing(terminals);

        // commands still complete: one broadcast to all
        @SuppressWarnings("unchecked")
        List<TerminalResult> results = (List<TerminalResult>) template.asyncRequestBody("direct:everywhere",
                Map.of("user", "ada", "userId", "1001", "pwd", "1234", "name", "Ada", "role", "0",
                        "img", SampleImages.jpegBase64(1))).get(STORM.toSeconds(), TimeUnit.SECONDS);
        assertThat(results).hasSize(TERMINALS);
        assertThat(results.stream().filter(r -> !r.ok()).toList()).isEmpty();
        assertThat(droppedByGateway).isEmpty();
        assertThat(terminals).allMatch(SimulatedTerminal::isConnected).allMatch(t -> t.users().containsKey("1001"));

        // leave together, so that the closing does not take a round trip per terminal
        allDone(terminals.stream().map(SimulatedTerminal::disconnect).toList());
    }

    /** Every terminal's heartbeats reach the routes at least twice more from now on. */
    private void heartbeatsKeepFlowing(List<SimulatedTerminal> terminals) {
        Map<String, Integer> before = new ConcurrentHashMap<>();
        terminals.forEach(t -> before.put(t.sn(), count(t.sn())));
        await().atMost(STORM).until(() -> terminals.stream().allMatch(t -> count(t.sn()) >= before.get(t.sn()) + 2));
    }

    private int count(String sn) {
        AtomicInteger n = heartbeats.get(sn);
        return n == null ? 0 : n.get();
    }

    private void track(SimulatedTerminal terminal) {
        // DoorfaceTestSupport closes tracked terminals after the test; connect() is called here directly
        trackedTerminals().add(terminal);
    }

    private static void allDone(List<? extends CompletableFuture<?>> futures) throws Exception {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(STORM.toSeconds(), TimeUnit.SECONDS);
    }
}
