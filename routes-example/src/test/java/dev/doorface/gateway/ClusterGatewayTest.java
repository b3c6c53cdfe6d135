package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two example gateways, each in a JVM of its own with its own data.dir and ports, as the nodes of one cluster
 * (cluster.bus) on one PostgreSQL database and one NATS server: terminals on either node are served by the REST API of
 * both, a terminal moving between them is taken over, and node A killed the hard way loses nothing it acknowledged.
 * HR files are taken by one node at a time (master:). The tests run in order: the fourth kills A, the last finds
 * the HR drop moved to B. Skipped, saying why, where PostgreSQL (127.0.0.1:5432/test) or
 * NATS (127.0.0.1:4222) is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterGatewayTest {

    /** Short, so that a dead node is known dead soon. */
    static final long LEASE_MILLIS = 2000;
    static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    private ClusterServices services;
    private Vertx vertx;
    private GatewayProcess nodeA;
    private GatewayProcess nodeB;
    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    @BeforeAll
    void startTwoNodes() throws Exception {
        services = ClusterServices.start("Cluster gateway tests");
        vertx = Vertx.vertx();
        // one after the other: the first creates the tables
        nodeA = GatewayProcess.start(work.resolve("a"), work.resolve("a.log"), services.node("A", LEASE_MILLIS));
        nodeB = GatewayProcess.start(work.resolve("b"), work.resolve("b.log"), services.node("B", LEASE_MILLIS));
    }

    @AfterAll
    void stop() throws Exception {
        terminals.forEach(SimulatedTerminal::close);
        for (GatewayProcess node : new GatewayProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(0)
    void theHrDropRunsOnOneNodeAtATime() throws Exception {
        // A, started first, holds the lock of the HR drop: it takes its file, B leaves its own in its inbox
        dropHrFile(nodeA, "hr-a.csv");
        dropHrFile(nodeB, "hr-b.csv");
        // read, then moved as on a single node (the file endpoint's options pass through master:); to failed/ here,
        // no terminal being known yet
        await().atMost(PROMPTLY).until(() -> hrImports(nodeB).contains("hr-a.csv") && takenFiles(nodeA).size() == 1);
        assertThat(takenFiles(nodeA)).singleElement().asString().matches("hr-a-\\d{8}-\\d{9}\\.csv");
        assertThat(Files.exists(inbox(nodeA).resolve("hr-a.csv"))).isFalse();
        assertThat(Files.exists(inbox(nodeB).resolve("hr-b.csv"))).as("B's file, while A leads").isTrue();
        assertThat(hrImports(nodeA)).doesNotContain("hr-b.csv");
    }

    @Test
    @Order(1)
    void aCommandThroughNodeBReachesATerminalOnNodeA() throws Exception {
        SimulatedTerminal onA = connect(nodeA, "XA-1");
        await().atMost(PROMPTLY).until(() -> online(nodeB, "XA-1"));

        HttpResponse<String> added = nodeB.post("/api/devices/XA-1/users", user("501")).get(30, TimeUnit.SECONDS);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(onA.users()).containsKey("501");
        // an answer with a list crosses back as well
        JsonNode users = TestGateway.json(nodeB.get("/api/devices/XA-1/users"));
        assertThat(users).extracting(u -> u.get("userId").asText()).contains("501");
        // online on a node: neither node forgets it
        assertThat(nodeB.delete("/api/devices/XA-1").statusCode()).isEqualTo(409);
        // connected nowhere and never known: 404 through either node
        assertThat(nodeB.post("/api/devices/NOWHERE/users", user("502")).get(30, TimeUnit.SECONDS).statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(2)
    void eventsAcknowledgedByNodeAAreReadThroughNodeBWithTheirPhotos() throws Exception {
        SimulatedTerminal onA = connect(nodeA, "XB-1");
        for (int i = 1; i <= 5; i++) {
            assertThat(onA.sendAccessEvent("b" + i, "U" + i, "1", photo("XB-1/b" + i)).get(30, TimeUnit.SECONDS))
                    .isEqualTo("200");
        }
        JsonNode events = TestGateway.json(nodeB.get("/api/events?sn=XB-1&limit=10"));
        assertThat(events).extracting(e -> e.get("eventId").asText()).containsExactly("b5", "b4", "b3", "b2", "b1");
        for (JsonNode event : events) {
            HttpResponse<byte[]> jpeg = nodeB.getBytes(event.get("photoUrl").asText());
            assertThat(jpeg.statusCode()).isEqualTo(200);
            assertThat(jpeg.body()).isEqualTo(photo("XB-1/" + event.get("eventId").asText()));
        }
    }

    @Test
    @Order(3)
    void aTerminalMovingFromNodeAToNodeBIsTakenOver() throws Exception {
        SimulatedTerminal first = connect(nodeA, "XC-1");
        await().atMost(PROMPTLY).until(() -> online(nodeB, "XC-1"));

        SimulatedTerminal second = connect(nodeB, "XC-1");

        assertThat(first.closed().get(30, TimeUnit.SECONDS)).isEqualTo(4001);
        HttpResponse<String> added = nodeA.post("/api/devices/XC-1/users", user("503")).get(30, TimeUnit.SECONDS);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(second.users()).containsKey("503");
        assertThat(first.users()).doesNotContainKey("503");
        assertThat(second.isConnected()).isTrue();
        // A's disconnection of the older connection does not make it offline: both nodes read the directory
        assertThat(online(nodeA, "XC-1")).isTrue();
        assertThat(online(nodeB, "XC-1")).isTrue();
        assertThat(nodeA.delete("/api/devices/XC-1").statusCode()).isEqualTo(409);
    }

    @Test
    @Order(4)
    void nodeAKilledLosesNothingItAcknowledgedAndItsTerminalsGetTheirCommandsOnNodeB() throws Exception {
        // XD-1 is known and away: a change for it is queued (202)
        connect(nodeA, "XD-1").close();
        await().atMost(PROMPTLY).until(() -> !online(nodeB, "XD-1"));
        HttpResponse<String> queued = nodeA.post("/api/devices/XD-1/users", user("601")).get(30, TimeUnit.SECONDS);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        // it comes back to A and never answers: A sends it the queued change, which stays unanswered
        SimulatedTerminal mute = SimulatedTerminal.builder(nodeA.wsUrl()).sn("XD-1").vertx(vertx).build();
        terminals.add(mute);
        mute.behaviour(Behaviour.SILENT);
        mute.connect().get(30, TimeUnit.SECONDS);
        await().atMost(PROMPTLY).until(() -> mute.receivedCommands().stream().anyMatch(c -> c.contains("601")));
        // a change through B, for the terminal on A
        CompletableFuture<HttpResponse<String>> throughB = nodeB.post("/api/devices/XD-1/users", user("602"));

        // XD-2 on A reports access events as fast as A answers; A is killed mid-stream
        SimulatedTerminal reporting = SimulatedTerminal.builder(nodeA.wsUrl()).sn("XD-2").vertx(vertx)
                .heartbeats(false).maxStoredEvents(100).build();
        terminals.add(reporting);
        reporting.connect().get(30, TimeUnit.SECONDS);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong nextId = new AtomicLong();
        for (int i = 0; i < 3; i++) {
            report(reporting, nextId, acknowledged, stop);
        }
        try {
            await().atMost(PROMPTLY).until(() -> acknowledged.size() >= 60);
        } finally {
            nodeA.kill();
            stop.set(true);
        }

        // B answers its caller once A's lease ended: the change is queued for the terminal's return
        HttpResponse<String> ended = throughB.get(PROMPTLY.toSeconds() + LEASE_MILLIS / 1000, TimeUnit.SECONDS);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(202);
        // A left its terminals online in table terminal; B reads the directory, where A's lease ended
        await().atMost(PROMPTLY).until(() -> !online(nodeB, "XD-1") && !online(nodeB, "XD-2"));
        assertThat(onlineFlag("XD-2")).as("the flag A left").isTrue();

        // a load balancer sends both terminals to B
        SimulatedTerminal back = connect(nodeB, "XD-1");
        connect(nodeB, "XD-2");
        await().atMost(PROMPTLY).until(() -> back.users().containsKey("601") && back.users().containsKey("602"));
        await().atMost(PROMPTLY).until(() -> online(nodeB, "XD-1") && online(nodeB, "XD-2"));

        // every event A acknowledged, with its own photo, through B
        Set<String> acked = new HashSet<>(acknowledged);
        JsonNode rows = TestGateway.json(nodeB.get("/api/events?sn=XD-2&limit=100000"));
        Set<String> stored = new HashSet<>();
        rows.forEach(row -> stored.add(row.get("eventId").asText()));
        assertThat(stored).containsAll(acked);
        for (String eventId : acked) {
            HttpResponse<byte[]> jpeg = nodeB.getBytes(EventPhotos.url("XD-2", eventId));
            assertThat(jpeg.statusCode()).as("photo of %s", eventId).isEqualTo(200);
            assertThat(jpeg.body()).as("photo of %s", eventId).isEqualTo(photo("XD-2/" + eventId));
        }
    }

    @Test
    @Order(5)
    void theHrDropMovesToNodeBWhenNodeAIsGone() throws Exception {
        nodeA.kill(); // killed by the test before, unless it ran alone
        // PostgreSQL ends A's session, and with it the lock: B leads and takes the file it was left
        await().atMost(PROMPTLY).until(() -> hrImports(nodeB).contains("hr-b.csv") && takenFiles(nodeB).size() == 1);
        assertThat(Files.exists(inbox(nodeB).resolve("hr-b.csv"))).isFalse();
    }

    private Path inbox(GatewayProcess node) {
        return work.resolve(node == nodeA ? "a" : "b").resolve("hr-inbox");
    }

    /** The names of the HR files the node has taken: moved to hr-inbox/done or hr-inbox/failed. */
    private List<String> takenFiles(GatewayProcess node) throws Exception {
        List<String> names = new ArrayList<>();
        for (String folder : new String[] {"done", "failed"}) {
            Path moved = inbox(node).resolve(folder);
            if (Files.isDirectory(moved)) {
                try (var files = Files.list(moved)) {
                    files.forEach(f -> names.add(f.getFileName().toString()));
                }
            }
        }
        return names;
    }

    /** Written beside the inbox, then moved in: the drop sees the whole file at once. */
    private void dropHrFile(GatewayProcess node, String name) throws Exception {
        Path temp = inbox(node).resolveSibling(name + ".part");
        Files.writeString(temp, HrFileDropTest.HEADER + "delete,H-" + name + ",,,,,\n");
        Files.move(temp, inbox(node).resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file names of the HR imports, as GET /api/hr-imports of this node lists them. */
    private static List<String> hrImports(GatewayProcess node) throws Exception {
        List<String> names = new ArrayList<>();
        TestGateway.json(node.get("/api/hr-imports")).forEach(i -> names.add(i.path("fileName").asText()));
        return names;
    }

    private SimulatedTerminal connect(GatewayProcess node, String sn) throws Exception {
        SimulatedTerminal terminal = SimulatedTerminal.builder(node.wsUrl()).sn(sn).vertx(vertx).build();
        terminals.add(terminal);
        terminal.connect().get(30, TimeUnit.SECONDS);
        return terminal;
    }

    /** What GET /api/devices of this node says of the terminal. */
    private static boolean online(GatewayProcess node, String sn) throws Exception {
        for (JsonNode device : TestGateway.json(node.get("/api/devices"))) {
            if (sn.equals(device.path("sn").asText())) {
                return device.path("online").asBoolean();
            }
        }
        return false;
    }

    /** The terminal table's own flag, as the nodes' routes last wrote it. */
    private boolean onlineFlag(String sn) throws Exception {
        try (Connection c = ClusterServices.admin();
             PreparedStatement ps = c.prepareStatement("SELECT online FROM " + services.schema
                                                       + ".terminal WHERE sn = ?")) {
            ps.setString(1, sn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String user(String userId) {
        return "{\"user\":\"u" + userId + "\",\"userId\":\"" + userId + "\",\"pwd\":\"1234\",\"name\":\"N" + userId
               + "\",\"role\":\"0\",\"img\":\"" + SampleImages.jpegBase64(3) + "\"}";
    }

    /** A photo of its own for each event: a mix-up would show. */
    private static byte[] photo(String event) {
        return ("snapshot of " + event + " ").repeat(40).getBytes(StandardCharsets.UTF_8);
    }

    /** One report, and the next as soon as it is answered, until the test stops it. */
    private static void report(SimulatedTerminal terminal, AtomicLong nextId, Set<String> acknowledged,
                               AtomicBoolean stop) {
        if (stop.get()) {
            return;
        }
        String eventId = "d" + nextId.incrementAndGet();
        terminal.sendAccessEvent(eventId, "U1", "0", photo(terminal.sn() + "/" + eventId)).whenComplete((code, e) -> {
            if (e == null) {
                if ("200".equals(code)) {
                    acknowledged.add(eventId);
                }
                report(terminal, nextId, acknowledged, stop);
            }
        });
    }
}
