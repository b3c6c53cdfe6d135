package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queued command is a promise too (answered 202): the example gateway, in a JVM of its own, is killed (SIGKILL)
 * holding one queued command still waiting for its terminal and one that its returning terminal was sent and never
 * answered; started again on the same data.dir, it delivers both when their terminals come back.
 */
class QueuedCommandCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROMPTLY = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private static String user(String userId) {
        return "{\"user\":\"u" + userId + "\",\"userId\":\"" + userId + "\",\"pwd\":\"1234\",\"name\":\"N" + userId
               + "\",\"role\":\"0\",\"img\":\"" + SampleImages.jpegBase64(3) + "\"}";
    }

    @Test
    void queuedAndUnansweredCommandsSurviveAKillDashNine() throws Exception {
        Path dataDir = work.resolve("data");
        Files.createDirectories(dataDir);
        Path log = work.resolve("gateway.log");
        Vertx vertx = Vertx.vertx();
        try {
            GatewayProcess gateway = GatewayProcess.start(dataDir, log, Map.of());
            SimulatedTerminal silent = null;
            try {
                // both register once (so they are known) and go offline: their commands are queued, answered 202
                for (String sn : new String[] {"AWAY", "MUTE"}) {
                    SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn(sn).vertx(vertx).build();
                    terminal.connect().get(30, TimeUnit.SECONDS);
                    terminal.close();
                    await().atMost(PROMPTLY).until(() -> !online(gateway, sn));
                }
                for (String[] change : new String[][] {{"AWAY", "Q1"}, {"MUTE", "S1"}}) {
                    var queued = gateway.post("/api/devices/" + change[0] + "/users", user(change[1]))
                            .get(60, TimeUnit.SECONDS);
                    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
                }
                // MUTE comes back and never answers: its stored command is sent and unanswered when the gateway dies
                silent = SimulatedTerminal.builder(gateway.wsUrl()).sn("MUTE").vertx(vertx).build();
                silent.behaviour(Behaviour.SILENT);
                silent.connect().get(30, TimeUnit.SECONDS);
                SimulatedTerminal mute = silent;
                await().atMost(PROMPTLY).until(() -> mute.receivedCommands().stream().anyMatch(c -> c.contains("S1")));
                await().atMost(PROMPTLY).until(() -> state(gateway, "MUTE", "S1").equals("sent"));
            } finally {
                gateway.kill();
                if (silent != null) {
                    silent.close();
                }
            }

            GatewayProcess again = GatewayProcess.start(dataDir, log, Map.of());
            try {
                SimulatedTerminal away = SimulatedTerminal.builder(again.wsUrl()).sn("AWAY").vertx(vertx).build();
                SimulatedTerminal mute = SimulatedTerminal.builder(again.wsUrl()).sn("MUTE").vertx(vertx).build();
                away.connect().get(30, TimeUnit.SECONDS);
                mute.connect().get(30, TimeUnit.SECONDS);
                await().atMost(PROMPTLY).until(() -> away.users().containsKey("Q1") && mute.users().containsKey("S1"));
                await().atMost(PROMPTLY).until(() -> state(again, "AWAY", "Q1").equals("succeeded")
                                                     && state(again, "MUTE", "S1").equals("succeeded"));
                away.close();
                mute.close();
            } finally {
                again.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean online(GatewayProcess gateway, String sn) throws Exception {
        for (JsonNode device : JSON.readTree(gateway.get("/api/devices").body())) {
            if (sn.equals(device.path("sn").asText())) {
                return device.path("online").asBoolean();
            }
        }
        return false;
    }

    private static String state(GatewayProcess gateway, String sn, String userId) throws Exception {
        String state = "";
        for (JsonNode command : JSON.readTree(gateway.get("/api/devices/" + sn + "/commands").body())) {
            if (userId.equals(command.path("userId").asText())) {
                state = command.path("state").asText();
            }
        }
        return state;
    }
}
