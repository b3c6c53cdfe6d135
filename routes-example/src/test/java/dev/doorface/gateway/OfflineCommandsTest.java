package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static dev.doorface.gateway.TestGateway.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User changes for terminals that are offline (commands.whenOffline=queue, the default): through the REST API over
 * HTTP and the HR file drop of the real gateway, with simulated terminals that go away and come back.
 */
class OfflineCommandsTest {

    static final String SECRET = "queued-pw-never-logged";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void changesForAnOfflineTerminalReachItInOrderWhenItReturnsAndCanBeListedAndCancelled() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal online = SimulatedTerminal.builder(gateway.wsUrl()).sn("ON-1").build();
             SimulatedTerminal away = SimulatedTerminal.builder(gateway.wsUrl()).sn("AWAY-1").build()) {
            online.connect().get(10, TimeUnit.SECONDS);
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online(gateway, "ON-1") && online(gateway, "AWAY-1"));
            away.disconnect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !online(gateway, "AWAY-1"));

            // a broadcast: one entry per known terminal, the offline one queued
            var added = gateway.post("/api/users", toJson(user("Q1", "Quinn", 81)));
            assertThat(added.statusCode()).isEqualTo(200);
            JsonNode addedAway = find(json(added), "sn", "AWAY-1");
            assertThat(addedAway.get("ok").asBoolean()).isTrue();
            assertThat(addedAway.get("queued").asBoolean()).isTrue();
            assertThat(addedAway.get("message").asText()).isEqualTo("queued");
            assertThat(addedAway.get("commandId").asText()).isNotBlank();
            JsonNode addedOn = find(json(added), "sn", "ON-1");
            assertThat(addedOn.get("queued").asBoolean()).isFalse();
            assertThat(addedOn.get("code").asText()).isEqualTo("200");
            assertThat(online.users()).containsKey("Q1");

            var edited = gateway.put("/api/users/Q1", "{\"name\":\"Quinn Edited\"}");
            assertThat(find(json(edited), "sn", "AWAY-1").get("queued").asBoolean()).isTrue();

            // one terminal, offline and known: 202 with the queued command
            var one = gateway.post("/api/devices/AWAY-1/users", toJson(user("Q2", "Quill", 82)));
            assertThat(one.statusCode()).as(one.body()).isEqualTo(202);
            JsonNode queuedOne = json(one);
            assertThat(queuedOne.get("queued").asBoolean()).isTrue();
            String cancelId = queuedOne.get("commandId").asText();
            var three = gateway.post("/api/devices/AWAY-1/users", toJson(user("Q3", "Quentin", 83)));
            assertThat(three.statusCode()).isEqualTo(202);

            // what only makes sense now stays direct: 404 while the terminal is away
            assertThat(gateway.get("/api/devices/AWAY-1/users").statusCode()).isEqualTo(404);
            assertThat(gateway.post("/api/devices/AWAY-1/compare",
                    "{\"img\":\"" + SampleImages.jpegBase64(81) + "\"}").statusCode()).isEqualTo(404);
            // a terminal never seen: nothing is queued for a typo
            assertThat(gateway.post("/api/devices/NEVER-SEEN/users", toJson(user("Q9", "Nobody", 89))).statusCode())
                    .isEqualTo(404);

            // the commands with their states
            var listed = gateway.get("/api/devices/AWAY-1/commands");
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(json(listed)).extracting(c -> c.get("operation").asText() + " " + c.get("userId").asText()
                                                     + " " + c.get("state").asText())
                    .containsExactly("addUser Q1 queued", "editUser Q1 queued", "addUser Q2 queued",
                            "addUser Q3 queued");
            assertThat(listed.body()).doesNotContain(SECRET);
            assertThat(json(gateway.get("/api/devices/NEVER-SEEN/commands"))).isEmpty();
            // the same rules as every route: the token, and {sn} naming one terminal
            assertThat(gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/api/devices/AWAY-1/commands")).GET()
                    .build()).statusCode()).isEqualTo(401);
            assertThat(gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/api/devices/AWAY-1/commands/" + cancelId))
                    .DELETE().build()).statusCode()).isEqualTo(401);
            assertThat(gateway.get("/api/devices/%2A/commands").statusCode()).isEqualTo(400);
            assertThat(gateway.delete("/api/devices/%2A/commands/" + cancelId).statusCode()).isEqualTo(400);

            // cancel: 200 the cancelled command; again 409; an unknown id or another terminal's command 404
            assertThat(gateway.delete("/api/devices/ON-1/commands/" + cancelId).statusCode()).isEqualTo(404);
            assertThat(gateway.delete("/api/devices/AWAY-1/commands/no-such-id").statusCode()).isEqualTo(404);
            var cancelled = gateway.delete("/api/devices/AWAY-1/commands/" + cancelId);
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            assertThat(json(cancelled).get("state").asText()).isEqualTo("cancelled");
            var again = gateway.delete("/api/devices/AWAY-1/commands/" + cancelId);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again).get("error").asText()).contains("cancelled");

            // back: the queued changes arrive, in the order queued, the cancelled one not
            int before = away.receivedCommands().size();
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> away.users().containsKey("Q3"));
            assertThat(away.users().get("Q1").name()).isEqualTo("Quinn Edited");
            assertThat(away.users().get("Q1").img()).isEqualTo(SampleImages.jpegBase64(81));
            assertThat(away.users()).doesNotContainKey("Q2");
            List<String> delivered = away.receivedCommands().subList(before, away.receivedCommands().size());
            assertThat(delivered).filteredOn(c -> c.contains("User")).extracting(OfflineCommandsTest::commandOf)
                    .containsExactly("addUser Q1", "editUser Q1", "addUser Q3");

            await().atMost(WAIT).until(() -> json(gateway.get("/api/devices/AWAY-1/commands")).get(3)
                    .get("state").asText().equals("succeeded"));
            JsonNode after = json(gateway.get("/api/devices/AWAY-1/commands"));
            assertThat(after).extracting(c -> c.get("state").asText())
                    .containsExactly("succeeded", "succeeded", "cancelled", "succeeded");
            assertThat(after.get(0).get("answerCode").asText()).isEqualTo("200");
            var late = gateway.delete("/api/devices/AWAY-1/commands/" + after.get(0).get("id").asText());
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(json(late).get("error").asText()).contains("succeeded");
        }
        String log = Files.readString(Path.of("target/test-gateway.log"));
        assertThat(log).doesNotContain(SECRET);
    }

    @Test
    void anHrFileQueuesForAnOfflineTerminalAndGoesToDone() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal online = SimulatedTerminal.builder(gateway.wsUrl()).sn("HR-ON").build();
             SimulatedTerminal away = SimulatedTerminal.builder(gateway.wsUrl()).sn("HR-AWAY").build()) {
            online.connect().get(10, TimeUnit.SECONDS);
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online(gateway, "HR-ON") && online(gateway, "HR-AWAY"));
            away.disconnect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !online(gateway, "HR-AWAY"));

            Path inbox = dataDir.resolve("hr-inbox");
            Files.write(inbox.resolve("r1.jpg"), SampleImages.jpeg(91));
            drop(inbox, "queued.csv", """
                    action,userId,user,name,pwd,role,photo
                    add,R1,rosa,Rosa,%s,0,r1.jpg
                    edit,R1,,Rosa Maria,,,
                    """.formatted(SECRET));
            await().atMost(WAIT).until(() -> named(inbox.resolve("done"), "queued").size() == 1);
            assertThat(named(inbox.resolve("failed"), "queued")).isEmpty();
            assertThat(gateway.query("SELECT line, sn, ok, code FROM hr_result WHERE file_name = 'queued.csv'"
                                     + " ORDER BY line, sn"))
                    .extracting(r -> r.get("line") + "/" + r.get("sn") + "/" + r.get("ok") + "/" + r.get("code"))
                    .containsExactly("2/HR-AWAY/true/queued", "2/HR-ON/true/200",
                            "3/HR-AWAY/true/queued", "3/HR-ON/true/200");
            assertThat(online.users().get("R1").name()).isEqualTo("Rosa Maria");

            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> away.users().containsKey("R1")
                                             && away.users().get("R1").name().equals("Rosa Maria"));
            assertThat(away.users().get("R1").img()).isEqualTo(SampleImages.jpegBase64(91));
        }
    }

    @Test
    void aQueuedCommandSurvivesARestartOfTheGateway() throws Exception {
        String commandId;
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal away = SimulatedTerminal.builder(gateway.wsUrl()).sn("RS-1").build()) {
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online(gateway, "RS-1"));
            away.disconnect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !online(gateway, "RS-1"));
            var queued = gateway.post("/api/devices/RS-1/users", toJson(user("P1", "Pia", 95)));
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            commandId = json(queued).get("commandId").asText();
        }
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal back = SimulatedTerminal.builder(gateway.wsUrl()).sn("RS-1").build()) {
            assertThat(json(gateway.get("/api/devices/RS-1/commands")).get(0).get("state").asText())
                    .isEqualTo("queued");
            back.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> back.users().containsKey("P1"));
            await().atMost(WAIT).until(() -> json(gateway.get("/api/devices/RS-1/commands")).get(0)
                    .get("state").asText().equals("succeeded"));
            assertThat(json(gateway.get("/api/devices/RS-1/commands")).get(0).get("id").asText()).isEqualTo(commandId);
        }
    }

    @Test
    void aQueuedChangeTheTerminalRefusesStaysFailedWithItsMessageAndIsLogged() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal away = SimulatedTerminal.builder(gateway.wsUrl()).sn("REFUSE-1").build()) {
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online(gateway, "REFUSE-1"));
            away.disconnect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !online(gateway, "REFUSE-1"));
            assertThat(gateway.delete("/api/devices/REFUSE-1/users/G1").statusCode()).isEqualTo(202);

            away.behaviour(Behaviour.FAIL);
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> json(gateway.get("/api/devices/REFUSE-1/commands")).get(0)
                    .get("state").asText().equals("failed"));
            JsonNode failed = json(gateway.get("/api/devices/REFUSE-1/commands")).get(0);
            assertThat(failed.get("answerCode").asText()).isEqualTo("500");
            assertThat(failed.get("answerMessage").asText()).isEqualTo("simulated failure");
            assertThat(failed.get("attempts").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> Files.readString(Path.of("target/test-gateway.log"))
                    .contains("Queued deleteUser of user G1 for terminal REFUSE-1 failed: code 500, simulated failure"));
        }
    }

    @Test
    void withWhenOfflineFailNothingIsQueued() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("commands.whenOffline", "fail"));
             SimulatedTerminal away = SimulatedTerminal.builder(gateway.wsUrl()).sn("FAIL-1").build()) {
            away.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> online(gateway, "FAIL-1"));
            away.disconnect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !online(gateway, "FAIL-1"));
            assertThat(gateway.post("/api/devices/FAIL-1/users", toJson(user("F1", "Fay", 96))).statusCode())
                    .isEqualTo(404);
            assertThat(json(gateway.post("/api/users", toJson(user("F2", "Flo", 97))))).isEmpty();
            assertThat(json(gateway.get("/api/devices/FAIL-1/commands"))).isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String commandOf(String text) {
        try {
            JsonNode node = TestGateway.JSON.readTree(text);
            return node.path("command").asText() + " " + node.path("content").path("userId").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

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

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static boolean online(TestGateway gateway, String sn) throws Exception {
        for (JsonNode n : json(gateway.get("/api/devices"))) {
            if (sn.equals(n.path("sn").asText())) {
                return n.path("online").asBoolean();
            }
        }
        return false;
    }

    private static void drop(Path inbox, String name, String content) throws Exception {
        Path temp = inbox.getParent().resolve(name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> named(Path dir, String prefix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
        }
    }
}
