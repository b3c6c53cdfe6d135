package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static dev.doorface.gateway.TestGateway.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciling terminals against table person: POST /api/devices/{sn}/reconcile sends a connected terminal exactly the
 * difference and answers the summary; the scheduled route (reconcile.interval) brings a terminal in line by itself.
 */
class ReconcileTest {

    static final String SECRET = "reconcile-pw-never-logged";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void theRestCallSendsExactlyTheDifferenceAndAnswersTheSummary() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            // HR's people, while no terminal is known: only table person is written
            for (Map<String, Object> p : List.of(user("R1", "Rita", 91), user("R2", "Rolf", 92),
                    user("R3", "Rosa", 93), user("R4", "Ruth", 94))) {
                assertThat(gateway.post("/api/users", toJson(p)).statusCode()).isEqualTo(200);
            }
            try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("REC-1").build()) {
                // R1 as HR says, R2 with an old name, two users HR does not know, R3 and R4 missing
                sim.putUser(simUser("R1", "Rita", 91));
                sim.putUser(simUser("R2", "Rolf Old", 92));
                sim.putUser(simUser("X1", "Xaver", 95));
                sim.putUser(simUser("X2", "Xenia", 96));
                sim.connect().get(10, TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> gateway.get("/api/devices").body().contains("REC-1"));
                int before = sim.receivedCommands().size();

                HttpResponse<String> response = gateway.post("/api/devices/REC-1/reconcile", "");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode summary = json(response);
                assertThat(summary.get("sn").asText()).isEqualTo("REC-1");
                assertThat(summary.get("added").asInt()).isEqualTo(2);
                assertThat(summary.get("edited").asInt()).isEqualTo(1);
                assertThat(summary.get("deleted").asInt()).isEqualTo(2);
                assertThat(summary.get("unchanged").asInt()).isEqualTo(1);
                assertThat(summary.get("failed").isArray()).isTrue();
                assertThat(summary.get("failed")).isEmpty();

                Map<String, SimUser> held = sim.users();
                assertThat(held.keySet()).containsExactlyInAnyOrder("R1", "R2", "R3", "R4");
                assertThat(held.get("R2").name()).isEqualTo("Rolf");
                assertThat(held.get("R3").img()).isEqualTo(SampleImages.jpegBase64(93));
                assertThat(held.get("R4").pwd()).isEqualTo(SECRET);
                // exactly the difference: one read, deletes first, then the edit, then the adds
                List<String> sent = sim.receivedCommands().subList(before, sim.receivedCommands().size());
                assertThat(sent).extracting(ReconcileTest::commandOf).containsExactly("selectUser ",
                        "deleteUser X1", "deleteUser X2", "editUser R2", "addUser R3", "addUser R4");

                // in line now: a second reconcile sends nothing but its read
                JsonNode again = json(gateway.post("/api/devices/REC-1/reconcile", ""));
                assertThat(again.get("unchanged").asInt()).isEqualTo(4);
                assertThat(again.get("added").asInt() + again.get("edited").asInt() + again.get("deleted").asInt())
                        .isZero();

                // a terminal that is not connected, and a {sn} that names no single terminal
                HttpResponse<String> unknown = gateway.post("/api/devices/NOT-THERE/reconcile", "");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(json(unknown).get("status").asInt()).isEqualTo(404);
                assertThat(json(unknown).get("error").asText()).isNotBlank();
                assertThat(gateway.post("/api/devices/%2A/reconcile", "").statusCode()).isEqualTo(400);

                // a reconcile of the terminal while one runs: 409, the first one ends normally
                sim.slowDelay(Duration.ofSeconds(5));
                sim.behaviour(Behaviour.SLOW);
                int selects = count(sim, "selectUser ");
                HttpRequest first = HttpRequest.newBuilder(gateway.uri("/api/devices/REC-1/reconcile"))
                        .header("Authorization", "Bearer " + gateway.token()).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
                CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return gateway.sendAsIs(first);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(WAIT).until(() -> count(sim, "selectUser ") > selects);
                HttpResponse<String> busy = gateway.post("/api/devices/REC-1/reconcile", "");
                assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
                assertThat(json(busy).get("error").asText()).contains("running already");
                sim.behaviour(Behaviour.NORMAL);
                assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
        assertThat(Files.readString(Path.of("target/test-gateway.log"))).doesNotContain(SECRET);
    }

    @Test
    void theScheduledRouteBringsATerminalInLineByItself() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("reconcile.interval", "500"))) {
            for (Map<String, Object> p : List.of(user("S1", "Sam", 97), user("S2", "Sue", 98))) {
                assertThat(gateway.post("/api/users", toJson(p)).statusCode()).isEqualTo(200);
            }
            try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SCHED-1").build()) {
                sim.putUser(simUser("S1", "Sam", 97));
                sim.putUser(simUser("Y1", "Yves", 99));
                sim.connect().get(10, TimeUnit.SECONDS);
                // nobody calls the API: the route deletes Y1 and adds S2 on its own
                await().atMost(WAIT).until(() -> sim.users().keySet().equals(java.util.Set.of("S1", "S2")));
                assertThat(sim.users().get("S2").img()).isEqualTo(SampleImages.jpegBase64(98));
                await().atMost(WAIT).until(() -> Files.readString(Path.of("target/test-gateway.log"))
                        .contains("Reconciled terminal SCHED-1: added 1, edited 0, deleted 1, unchanged 1, failed 0"));
            }
        }
        assertThat(Files.readString(Path.of("target/test-gateway.log"))).doesNotContain(SECRET);
    }

    private static int count(SimulatedTerminal sim, String command) {
        return (int) sim.receivedCommands().stream().map(ReconcileTest::commandOf).filter(command::equals).count();
    }

    private static String commandOf(String text) {
        try {
            JsonNode node = TestGateway.JSON.readTree(text);
            return node.path("command").asText() + " " + node.path("content").path("userId").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SimUser simUser(String userId, String name, int photoSeed) {
        return new SimUser(name.toLowerCase(), userId, SECRET, name, "0", SampleImages.jpegBase64(photoSeed));
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
}
