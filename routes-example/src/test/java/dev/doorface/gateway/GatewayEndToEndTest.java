package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static dev.doorface.gateway.TestGateway.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end: its real routes on free loopback ports, simulated terminals dialling in, the REST API over
 * HTTP, the HR drop folder and the H2 database on a temporary data.dir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTest {

    static final String SECRET = "s3cret-pw-never-logged";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dataDir;

    TestGateway gateway;
    SimulatedTerminal simA;
    SimulatedTerminal simB;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(dataDir);
        simA = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-A").mac("AA:AA:AA:AA:AA:01").type("2").build();
        simB = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-B").build();
        simA.connect().get(10, TimeUnit.SECONDS);
        simB.connect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> online("SIM-A") && online("SIM-B"));
    }

    @AfterAll
    void stop() throws Exception {
        if (simA != null) {
            simA.close();
        }
        if (simB != null) {
            simB.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    // ------------------------------------------------------------------ terminals and events

    @Test
    void registeredTerminalsAreListed() throws Exception {
        var response = gateway.get("/api/devices");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode a = device("SIM-A");
        assertThat(a.get("online").asBoolean()).isTrue();
        assertThat(a.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(a.get("mac").asText()).isEqualTo("AA:AA:AA:AA:AA:01");
        assertThat(a.get("type").asText()).isEqualTo("2");
        assertThat(a.get("lastSeen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    }

    @Test
    void disconnectedTerminalIsOffline() throws Exception {
        try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-GONE").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online("SIM-GONE"));
            sim.disconnect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !online("SIM-GONE"));
        }
        assertThat(device("SIM-GONE")).isNotNull();
    }

    @Test
    void accessEventIsCommittedWithItsPhotoBeforeTheTerminalIsAnswered() throws Exception {
        byte[] jpeg = SampleImages.jpeg(42);
        String code = simA.sendAccessEvent("ev-1", "U1", "1", jpeg).get(10, TimeUnit.SECONDS);
        assertThat(code).isEqualTo("200");
        // no waiting: the 200 came after the commit
        List<Map<String, Object>> rows = gateway.query(
                "SELECT * FROM access_event WHERE sn = 'SIM-A' AND event_id = 'ev-1'");
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("user_id")).isEqualTo("U1");
        assertThat(row.get("door")).isEqualTo("1");
        assertThat(row.get("received_at")).isNotNull();
        // the photo is in its batch's segment, at the row's offset
        assertThat((String) row.get("photo_path")).matches("photos/\\d{4}-\\d\\d-\\d\\d/[0-9a-z]+-\\d+\\.seg");
        assertThat(PhotoSegments.read(dataDir.resolve((String) row.get("photo_path")),
                ((Number) row.get("photo_offset")).longValue(), ((Number) row.get("photo_length")).intValue()))
                .isEqualTo(jpeg);

        JsonNode events = json(gateway.get("/api/events?sn=SIM-A&limit=100000"));
        JsonNode event = find(events, "eventId", "ev-1");
        assertThat(event.get("sn").asText()).isEqualTo("SIM-A");
        assertThat(event.get("userId").asText()).isEqualTo("U1");
        assertThat(event.get("door").asText()).isEqualTo("1");
        assertThat(event.get("photoUrl").asText()).isEqualTo("/api/events/SIM-A/ev-1/photo");
        assertThat(event.get("receivedAt").asText()).isNotBlank();
        HttpResponse<byte[]> photo = gateway.getBytes(event.get("photoUrl").asText());
        assertThat(photo.statusCode()).isEqualTo(200);
        assertThat(photo.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(photo.body()).isEqualTo(jpeg);
    }

    @Test
    void theSnapshotsOfABatchAreEachServedFromTheirSegment() throws Exception {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        answers.add(simA.sendAccessEvent("seg-a", "U1", "1", SampleImages.jpeg(81)));
        answers.add(simB.sendAccessEvent("seg-b", "U2", "1", SampleImages.jpeg(82)));
        answers.add(simA.sendAccessEvent("seg-none", "U3", "1", null));
        for (CompletableFuture<String> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("200");
        }
        assertThat(gateway.eventPhoto("SIM-A", "seg-a")).isEqualTo(SampleImages.jpeg(81));
        assertThat(gateway.eventPhoto("SIM-B", "seg-b")).isEqualTo(SampleImages.jpeg(82));
        JsonNode none = find(json(gateway.get("/api/events?sn=SIM-A&limit=100000")), "eventId", "seg-none");
        assertThat(none.get("photoUrl").isNull()).isTrue();
        HttpResponse<byte[]> noPhoto = gateway.getBytes("/api/events/SIM-A/seg-none/photo");
        assertThat(noPhoto.statusCode()).isEqualTo(404);
        assertThat(new String(noPhoto.body(), StandardCharsets.UTF_8)).contains("has no photo");
        HttpResponse<byte[]> noEvent = gateway.getBytes("/api/events/SIM-A/no-such-event/photo");
        assertThat(noEvent.statusCode()).isEqualTo(404);
        assertThat(gateway.getBytes("/api/events/*/seg-a/photo").statusCode()).isEqualTo(400);
        assertThat(gateway.getBytes("/api/events/SIM-A/" + "e".repeat(129) + "/photo").statusCode()).isEqualTo(400);
    }

    @Test
    void repeatedEventIsStoredOnceAndStillAnswered200() throws Exception {
        assertThat(simB.sendAccessEvent("ev-dup", "U2").get(10, TimeUnit.SECONDS)).isEqualTo("200");
        assertThat(simB.sendAccessEvent("ev-dup", "U2").get(10, TimeUnit.SECONDS)).isEqualTo("200");
        // the same event id at another terminal is another event
        assertThat(simA.sendAccessEvent("ev-dup", "U2").get(10, TimeUnit.SECONDS)).isEqualTo("200");
        assertThat(gateway.query("SELECT sn FROM access_event WHERE event_id = 'ev-dup' ORDER BY sn"))
                .extracting(r -> r.get("sn")).containsExactly("SIM-A", "SIM-B");
    }

    @Test
    void eventsAreListedNewestFirstWithSnAndLimit() throws Exception {
        try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-EV").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            for (String id : List.of("e-1", "e-2", "e-3")) {
                assertThat(sim.sendAccessEvent(id, "U9").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            }
        }
        var response = gateway.get("/api/events?sn=SIM-EV&limit=2");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).extracting(n -> n.get("eventId").asText()).containsExactly("e-3", "e-2");
        assertThat(json(gateway.get("/api/events?sn=SIM-EV"))).hasSize(3);
        assertThat(json(gateway.get("/api/events?limit=100000")).size()).isGreaterThanOrEqualTo(3);
        assertThat(gateway.get("/api/events?limit=abc").statusCode()).isEqualTo(400);
        assertThat(gateway.get("/api/events?limit=0").statusCode()).isEqualTo(400);
    }

    /**
     * The access journal answers once the event is in its segment, so a table that cannot be written to loses
     * nothing answered: the indexer tries again until the table is back. (Without the journal, as on PostgreSQL, the
     * terminal is answered 500 and reports again: AccessWithoutJournalTest.)
     */
    @Test
    void anEventAnsweredWhileTheTableCannotBeWrittenIsStoredOnceItCan() throws Exception {
        gateway.execute("ALTER TABLE access_event RENAME TO access_event_parked");
        try {
            assertThat(simA.sendAccessEvent("ev-db", "U3").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(gateway.query("SELECT 1 FROM access_event_parked WHERE event_id = 'ev-db'")).isEmpty();
        } finally {
            gateway.execute("ALTER TABLE access_event_parked RENAME TO access_event");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                gateway.query("SELECT 1 FROM access_event WHERE event_id = 'ev-db'")).hasSize(1));
    }

    @Test
    void userAddedAtTheTerminalIsStored() throws Exception {
        SimUser user = new SimUser("walk-in", "W1", SECRET, "Walk In", "0", SampleImages.jpegBase64(5));
        assertThat(simB.sendUserAdded("ua-1", user).get(10, TimeUnit.SECONDS)).isEqualTo("200");
        List<Map<String, Object>> rows = gateway.query("SELECT * FROM terminal_user WHERE sn = 'SIM-B'");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("user_id", "W1").containsEntry("name", "Walk In")
                .containsEntry("user_name", "walk-in").containsEntry("role", "0").doesNotContainKey("pwd");
        assertThat(Files.readAllBytes(dataDir.resolve((String) rows.get(0).get("photo_path"))))
                .isEqualTo(SampleImages.jpeg(5));
    }

    // ------------------------------------------------------------------ users on every terminal

    @Test
    void userIsAddedEditedAndDeletedOnEveryTerminal() throws Exception {
        var added = gateway.post("/api/users", toJson(user("B1", "Bea", 11)));
        assertThat(added.statusCode()).isEqualTo(200);
        assertOkFor(json(added), "SIM-A", "SIM-B");
        assertThat(simA.users()).containsKey("B1");
        assertThat(simB.users().get("B1").img()).isEqualTo(SampleImages.jpegBase64(11));

        var edited = gateway.put("/api/users/B1", "{\"name\":\"Bea Renamed\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertOkFor(json(edited), "SIM-A", "SIM-B");
        assertThat(simA.users().get("B1").name()).isEqualTo("Bea Renamed");
        assertThat(simB.users().get("B1").name()).isEqualTo("Bea Renamed");

        var deleted = gateway.delete("/api/users/B1");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertOkFor(json(deleted), "SIM-A", "SIM-B");
        assertThat(simA.users()).doesNotContainKey("B1");
        assertThat(simB.users()).doesNotContainKey("B1");

        // deleting again: each terminal answers an error, reported per terminal
        JsonNode again = json(gateway.delete("/api/users/B1"));
        JsonNode a = find(again, "sn", "SIM-A");
        assertThat(a.get("ok").asBoolean()).isFalse();
        assertThat(a.get("code").asText()).isEqualTo("500");
        assertThat(a.get("message").asText()).contains("no user");
    }

    @Test
    void everyTerminalCallsRefuseBadBodiesWithoutSendingAnything() throws Exception {
        int before = simA.receivedCommands().size();
        assertThat(gateway.post("/api/users", "not json").statusCode()).isEqualTo(400);
        assertThat(gateway.post("/api/users", "[1,2]").statusCode()).isEqualTo(400);
        var missing = gateway.post("/api/users", "{\"userId\":\"M1\",\"pwd\":\"" + SECRET + "\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).contains("missing").contains("img").doesNotContain(SECRET);
        assertThat(gateway.put("/api/users/M1", "{oops").statusCode()).isEqualTo(400);
        assertThat(simA.receivedCommands()).hasSize(before);
    }

    // ------------------------------------------------------------------ one terminal

    @Test
    void oneTerminalUserLifecycle() throws Exception {
        var added = gateway.post("/api/devices/SIM-A/users", toJson(user("S1", "Sam", 21)));
        assertThat(added.statusCode()).isEqualTo(200);
        JsonNode result = json(added);
        assertThat(result.get("sn").asText()).isEqualTo("SIM-A");
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("code").asText()).isEqualTo("200");
        assertThat(simA.users()).containsKey("S1");
        assertThat(simB.users()).doesNotContainKey("S1");

        var one = gateway.get("/api/devices/SIM-A/users?userId=S1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one)).hasSize(1);
        assertThat(json(one).get(0).get("name").asText()).isEqualTo("Sam");
        assertThat(json(gateway.get("/api/devices/SIM-A/users"))).extracting(n -> n.get("userId").asText())
                .contains("S1");

        var edited = gateway.put("/api/devices/SIM-A/users/S1", "{\"name\":\"Samuel\",\"role\":\"1\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(simA.users().get("S1").name()).isEqualTo("Samuel");
        assertThat(simA.users().get("S1").role()).isEqualTo("1");

        var deleted = gateway.delete("/api/devices/SIM-A/users/S1");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(simA.users()).doesNotContainKey("S1");
        assertThat(json(gateway.get("/api/devices/SIM-A/users?userId=S1"))).isEmpty();
    }

    @Test
    void compareTellsWhetherTheFaceIsEnrolled() throws Exception {
        assertThat(gateway.post("/api/devices/SIM-B/users", toJson(user("C1", "Cleo", 31))).statusCode())
                .isEqualTo(200);
        var yes = gateway.post("/api/devices/SIM-B/compare", "{\"img\":\"" + SampleImages.jpegBase64(31) + "\"}");
        assertThat(yes.statusCode()).isEqualTo(200);
        assertThat(json(yes).get("exists").asBoolean()).isTrue();
        var no = gateway.post("/api/devices/SIM-B/compare", "{\"img\":\"" + SampleImages.jpegBase64(32) + "\"}");
        assertThat(json(no).get("exists").asBoolean()).isFalse();
        assertThat(gateway.post("/api/devices/SIM-B/compare", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void queryEventAsksTheTerminal() throws Exception {
        assertThat(simA.sendAccessEvent("ev-q", "U7", "0", SampleImages.jpeg(7)).get(10, TimeUnit.SECONDS))
                .isEqualTo("200");
        var response = gateway.get("/api/devices/SIM-A/events/ev-q");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = json(response);
        assertThat(event.get("sn").asText()).isEqualTo("SIM-A");
        assertThat(event.get("eventId").asText()).isEqualTo("ev-q");
        assertThat(event.get("userId").asText()).isEqualTo("U7");
        assertThat(event.get("door").asText()).isEqualTo("0");
    }

    @Test
    void oneTerminalErrorStatuses() throws Exception {
        String body = toJson(user("E1", "Eve", 41));
        // 404: not connected
        assertThat(gateway.post("/api/devices/NOPE/users", body).statusCode()).isEqualTo(404);
        assertThat(gateway.get("/api/devices/NOPE/users").statusCode()).isEqualTo(404);
        assertThat(gateway.delete("/api/devices/NOPE/users/E1").statusCode()).isEqualTo(404);
        // 400: not JSON, or a required field missing; nothing sent
        int before = simA.receivedCommands().size();
        assertThat(gateway.post("/api/devices/SIM-A/users", "<xml/>").statusCode()).isEqualTo(400);
        var missing = gateway.post("/api/devices/SIM-A/users", "{\"userId\":\"E1\",\"name\":\"Eve\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).contains("missing");
        assertThat(gateway.put("/api/devices/SIM-A/users/E1", "nope").statusCode()).isEqualTo(400);
        assertThat(simA.receivedCommands()).hasSize(before);
        // 502: the terminal answers an error code, its message in the body
        var unknown = gateway.delete("/api/devices/SIM-A/users/NO-SUCH-USER");
        assertThat(unknown.statusCode()).isEqualTo(502);
        assertThat(json(unknown).get("code").asText()).isEqualTo("500");
        assertThat(json(unknown).get("terminalMessage").asText()).contains("no user with userId NO-SUCH-USER");

        try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-X").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            sim.behaviour(Behaviour.FAIL);
            var failed = gateway.post("/api/devices/SIM-X/users", body);
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(json(failed).get("terminalMessage").asText()).isEqualTo("simulated failure");

            // 504: no answer within doorface.requestTimeout (1500 ms in these tests)
            sim.behaviour(Behaviour.SILENT);
            var silent = gateway.get("/api/devices/SIM-X/users");
            assertThat(silent.statusCode()).isEqualTo(504);

            // 503: the terminal disconnects while a direct command waits
            sim.behaviour(Behaviour.DROP_CONNECTION);
            var dropped = gateway.get("/api/devices/SIM-X/users");
            assertThat(dropped.statusCode()).isEqualTo(503);
            assertThat(json(dropped).get("error").asText()).contains("disconnected");
            await().atMost(WAIT).until(() -> !online("SIM-X"));
            // a user change interrupted so is queued for its return (commands.whenOffline=queue): 202
            sim.behaviour(Behaviour.NORMAL);
            sim.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online("SIM-X"));
            sim.behaviour(Behaviour.DROP_CONNECTION);
            var queued = gateway.post("/api/devices/SIM-X/users", body);
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            assertThat(json(queued).get("queued").asBoolean()).isTrue();
            await().atMost(WAIT).until(() -> !online("SIM-X"));
        }
    }

    // ------------------------------------------------------------------ HR file drop

    @Test
    void hrFileIsAppliedToEveryTerminalAndMovedToDone() throws Exception {
        Path inbox = dataDir.resolve("hr-inbox");
        Files.write(inbox.resolve("h1.jpg"), SampleImages.jpeg(51));
        Files.write(inbox.resolve("h2.jpg"), SampleImages.jpeg(52));
        drop(inbox, "staff.csv", """
                action,userId,user,name,pwd,role,photo
                add,H1,hanna,Hanna,%s,0,h1.jpg
                add,H2,hugo,Hugo,%s,1,h2.jpg
                edit,H1,,Hanna Lee,,,
                delete,H2,,,,,
                """.formatted(SECRET, SECRET));
        await().atMost(WAIT).until(() -> listing(inbox.resolve("done")).stream()
                .anyMatch(p -> p.getFileName().toString().startsWith("staff")));
        assertThat(listing(inbox.resolve("failed"))).noneMatch(p -> p.getFileName().toString().startsWith("staff"));
        for (SimulatedTerminal sim : List.of(simA, simB)) {
            assertThat(sim.users().get("H1").name()).isEqualTo("Hanna Lee");
            assertThat(sim.users().get("H1").img()).isEqualTo(SampleImages.jpegBase64(51));
            assertThat(sim.users()).doesNotContainKey("H2");
        }
        List<Map<String, Object>> results = gateway.query(
                "SELECT * FROM hr_result WHERE file_name = 'staff.csv' AND sn IN ('SIM-A', 'SIM-B')"
                + " ORDER BY line, sn");
        assertThat(results).extracting(r -> r.get("line") + "/" + r.get("sn") + "/" + r.get("ok"))
                .containsExactly("2/SIM-A/true", "2/SIM-B/true", "3/SIM-A/true", "3/SIM-B/true",
                        "4/SIM-A/true", "4/SIM-B/true", "5/SIM-A/true", "5/SIM-B/true");
    }

    @Test
    void badHrRowsAreReportedWithoutStoppingTheOthersAndTheFileIsMovedToFailed() throws Exception {
        Path inbox = dataDir.resolve("hr-inbox");
        Files.write(inbox.resolve("k.jpg"), SampleImages.jpeg(61));
        drop(inbox, "mixed.csv", """
                action,userId,user,name,pwd,role,photo
                add,K1,kim,Kim,pw,0,k.jpg
                fire,K2,kai,Kai,pw,0,k.jpg
                add,K3,kat,Kat,pw,0,missing.jpg
                add,K4,ken,Ken,pw,0
                add,K5,kit,Kit,pw,0,../k.jpg
                add,K6,kay,Kay,pw,0,k.jpg
                """);
        await().atMost(WAIT).until(() -> listing(inbox.resolve("failed")).stream()
                .anyMatch(p -> p.getFileName().toString().startsWith("mixed")));
        assertThat(listing(inbox.resolve("done"))).noneMatch(p -> p.getFileName().toString().startsWith("mixed"));
        for (SimulatedTerminal sim : List.of(simA, simB)) {
            assertThat(sim.users()).containsKeys("K1", "K6").doesNotContainKeys("K2", "K3", "K4", "K5");
        }
        List<Map<String, Object>> failed = gateway.query(
                "SELECT line, message FROM hr_result WHERE file_name = 'mixed.csv' AND NOT ok ORDER BY line");
        assertThat(failed).extracting(r -> r.get("line")).containsExactly(3, 4, 5, 6);
        assertThat(failed.get(0).get("message").toString()).contains("action");
        assertThat(failed.get(1).get("message").toString()).contains("missing.jpg");
        assertThat(failed.get(2).get("message").toString()).contains("fields");
        assertThat(failed.get(3).get("message").toString()).contains("plain file name");
        assertThat(gateway.query(
                "SELECT 1 FROM hr_result WHERE file_name = 'mixed.csv' AND ok AND line IN (2, 7)"
                + " AND sn IN ('SIM-A', 'SIM-B')")).hasSize(4);
    }

    // ------------------------------------------------------------------ last: what the logs hold

    @Test
    @Order(Integer.MAX_VALUE)
    void passwordsAndPhotosAreNeverLogged() throws Exception {
        Path log = Path.of("target/test-gateway.log");
        assertThat(log).exists();
        String text = Files.readString(log);
        assertThat(text).contains("SIM-A"); // the log is the one of this run
        assertThat(text).doesNotContain(SECRET);
        for (int seed : List.of(11, 21, 31, 41, 42, 51)) {
            assertThat(text).doesNotContain(SampleImages.jpegBase64(seed).substring(40, 120));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> user(String userId, String name, int photoSeed) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user", name.toLowerCase());
        user.put("userId", userId);
        user.put("pwd", SECRET);
        user.put("name", name);
        user.put("role", "0");
        user.put("img", SampleImages.jpegBase64(photoSeed));
        return user;
    }

    private static void assertOkFor(JsonNode results, String... sns) {
        for (String sn : sns) {
            JsonNode r = find(results, "sn", sn);
            assertThat(r.get("ok").asBoolean()).as("result of %s: %s", sn, r).isTrue();
            assertThat(r.get("code").asText()).isEqualTo("200");
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private JsonNode device(String sn) throws Exception {
        return find(json(gateway.get("/api/devices")), "sn", sn);
    }

    private boolean online(String sn) throws Exception {
        for (JsonNode n : json(gateway.get("/api/devices"))) {
            if (sn.equals(n.path("sn").asText())) {
                return n.path("online").asBoolean();
            }
        }
        return false;
    }

    /** Drops a file the way a well-behaved exporter does: written aside, then moved in. */
    private static void drop(Path inbox, String name, String content) throws Exception {
        Path temp = inbox.getParent().resolve(name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.toList());
        }
    }
}
