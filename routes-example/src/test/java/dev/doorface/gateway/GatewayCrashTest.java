package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Acknowledged means durable": the example gateway, in a JVM of its own, is killed (SIGKILL, no shutdown of any
 * kind) while simulated terminals report access events as fast as it answers; started again on the same data.dir,
 * it has every event it had answered 200. Bounded: at most {@link #ACKS_BEFORE_KILL} acknowledgements or
 * {@link #MAX_STREAM} of streaming before the kill.
 */
class GatewayCrashTest {

    static final int TERMINALS = 5;
    /** Reports each terminal keeps in flight: the gateway is never idle when it is killed. */
    static final int IN_FLIGHT = 4;
    static final int ACKS_BEFORE_KILL = 1500;
    static final Duration MAX_STREAM = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedEventSurvivesAKillDashNine() throws Exception {
        Path dataDir = work.resolve("data");
        Files.createDirectories(dataDir);
        Path log = work.resolve("gateway.log");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong answers = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();

        Vertx vertx = Vertx.vertx();
        List<SimulatedTerminal> terminals = new ArrayList<>();
        try {
            GatewayProcess gateway = GatewayProcess.start(dataDir, log, Map.of());
            try {
                for (int t = 1; t <= TERMINALS; t++) {
                    SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn("CRASH-" + t)
                            .vertx(vertx).heartbeats(false).maxStoredEvents(100).build();
                    terminals.add(terminal);
                    terminal.connect().get(30, TimeUnit.SECONDS);
                }
                AtomicLong nextId = new AtomicLong();
                for (SimulatedTerminal terminal : terminals) {
                    for (int i = 0; i < IN_FLIGHT; i++) {
                        report(terminal, nextId, acknowledged, answers, stop);
                    }
                }
                await().atMost(MAX_STREAM).pollInterval(Duration.ofMillis(5))
                        .failFast("the gateway died before the kill", () -> !gateway.isAlive())
                        .until(() -> acknowledged.size() >= ACKS_BEFORE_KILL);
            } finally {
                // mid-stream: reports are still in flight when the process dies
                gateway.kill();
                stop.set(true);
            }
        } finally {
            terminals.forEach(SimulatedTerminal::close);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Set<String> acked = new HashSet<>(acknowledged);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (GatewayProcess restarted = GatewayProcess.start(dataDir, log, Map.of())) {
            JsonNode rows = TestGateway.json(restarted.get("/api/events?limit=1000000"));
            Set<String> stored = new HashSet<>();
            rows.forEach(row -> stored.add(row.get("sn").asText() + "/" + row.get("eventId").asText()));
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(stored);
            assertThat(missing.size())
                    .as("events answered 200 before the kill but not in the database after the restart "
                        + "(%d acknowledged, %d stored; some missing: %s)",
                        acked.size(), stored.size(), missing.stream().sorted().limit(10).toList())
                    .isZero();
            // and each one's photo, its own bytes, from its segment
            for (String event : acked) {
                String[] snAndId = event.split("/");
                HttpResponse<byte[]> photo = restarted.getBytes(EventPhotos.url(snAndId[0], snAndId[1]));
                assertThat(photo.statusCode()).as("photo of %s", event).isEqualTo(200);
                assertThat(photo.body()).as("photo of %s", event).isEqualTo(photo(event));
            }
        }
    }

    /** A photo of its own for each event (the gateway stores the bytes as they come): a mix-up would show. */
    private static byte[] photo(String event) {
        return ("snapshot of " + event + " ").repeat(40).getBytes(StandardCharsets.UTF_8);
    }

    /** One report, and the next as soon as it is answered, until the test stops it. */
    private static void report(SimulatedTerminal terminal, AtomicLong nextId, Set<String> acknowledged,
                               AtomicLong answers, AtomicBoolean stop) {
        if (stop.get()) {
            return;
        }
        String eventId = "E" + nextId.incrementAndGet();
        terminal.sendAccessEvent(eventId, "U1", "0", photo(terminal.sn() + "/" + eventId)).whenComplete((code, error) -> {
            if (error == null) {
                answers.incrementAndGet();
                if ("200".equals(code)) {
                    acknowledged.add(terminal.sn() + "/" + eventId);
                }
                report(terminal, nextId, acknowledged, answers, stop);
            }
        });
    }
}
