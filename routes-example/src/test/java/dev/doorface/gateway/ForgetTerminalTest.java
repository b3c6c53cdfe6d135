package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE /api/devices/{sn}: a terminal that is gone is forgotten (table terminal, the command store's known
 * terminals), its queued changes cancelled; refused while it is online, 404 when unknown, 400 for a {sn} that is not
 * one terminal. Forgotten, it stays forgotten over a restart, until it registers again.
 */
class ForgetTerminalTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    static String user(String userId) {
        return "{\"user\":\"u\",\"userId\":\"" + userId + "\",\"pwd\":\"pw\",\"name\":\"U\",\"role\":\"0\",\"img\":\""
               + SampleImages.jpegBase64(3) + "\"}";
    }

    @Test
    void aTerminalThatIsGoneIsForgottenWithItsQueuedChangesCancelled() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal stays = connected(gateway, "STAYS")) {
            try (SimulatedTerminal gone = connected(gateway, "GONE-1")) {
                // online: refused, nothing changed
                HttpResponse<String> refused = gateway.delete("/api/devices/GONE-1");
                assertError(refused, 409, "online");
                assertThat(sns(gateway)).contains("GONE-1");
                assertThat(store(gateway).knownTerminals()).contains("GONE-1");
                gone.disconnect().get(10, TimeUnit.SECONDS);
            }
            await().atMost(WAIT).until(() -> gateway.query(
                    "SELECT 1 FROM terminal WHERE NOT online AND sn = 'GONE-1'").size() == 1);

            // two changes wait for it: one for it alone, one for every terminal
            assertThat(gateway.post("/api/devices/GONE-1/users", user("G1")).statusCode()).isEqualTo(202);
            assertThat(json(gateway.post("/api/users", user("G2")))).anySatisfy(r -> {
                assertThat(r.get("sn").asText()).isEqualTo("GONE-1");
                assertThat(r.get("queued").asBoolean()).isTrue();
            });

            HttpResponse<String> forgotten = gateway.delete("/api/devices/GONE-1");
            assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(200);
            assertThat(forgotten.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(forgotten.body()).isEqualTo("{\"sn\":\"GONE-1\",\"forgotten\":true,\"cancelled\":2}");

            assertThat(sns(gateway)).containsExactly("STAYS");
            assertThat(store(gateway).knownTerminals()).containsExactly("STAYS");
            assertThat(json(gateway.get("/api/devices/GONE-1/commands")))
                    .extracting(c -> c.get("userId").asText() + " " + c.get("state").asText())
                    .containsExactly("G1 cancelled", "G2 cancelled");
            // changes no longer wait for it
            assertThat(json(gateway.post("/api/users", user("G3"))))
                    .extracting(r -> r.get("sn").asText()).containsExactly("STAYS");
            assertError(gateway.post("/api/devices/GONE-1/users", user("G4")), 404, "GONE-1");
            assertThat(json(gateway.get("/api/devices/GONE-1/commands"))).hasSize(2);

            // once forgotten, unknown; and never a terminal that is not one
            assertError(gateway.delete("/api/devices/GONE-1"), 404, "no terminal GONE-1");
            assertError(gateway.delete("/api/devices/NEVER-SEEN"), 404, "no terminal NEVER-SEEN");
            assertError(gateway.delete("/api/devices/*"), 400, "{sn}");
            assertError(gateway.delete("/api/devices/%2A"), 400, "{sn}");
            assertThat(sns(gateway)).containsExactly("STAYS");
        }

        // a restart does not bring it back ...
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            assertThat(sns(gateway)).containsExactly("STAYS");
            assertThat(store(gateway).knownTerminals()).containsExactly("STAYS");
            // ... registering again does
            try (SimulatedTerminal back = connected(gateway, "GONE-1")) {
                await().atMost(WAIT).until(() -> store(gateway).knownTerminals().contains("GONE-1"));
                assertThat(sns(gateway)).containsExactly("GONE-1", "STAYS");
                // a change sent now goes after anything still queued for it: only it arrives
                assertThat(gateway.post("/api/devices/GONE-1/users", user("G5")).statusCode()).isEqualTo(200);
                assertThat(back.users().keySet()).as("its cancelled changes are not sent").containsExactly("G5");
            }
        }
    }

    private static SimulatedTerminal connected(TestGateway gateway, String sn) throws Exception {
        SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn(sn).build();
        sim.connect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> gateway.query(
                "SELECT 1 FROM terminal WHERE online AND sn = '" + sn + "'").size() == 1);
        return sim;
    }

    private static CommandStore store(TestGateway gateway) {
        return gateway.context().getRegistry().lookupByNameAndType(GatewayCommands.STORE, CommandStore.class);
    }

    private static List<String> sns(TestGateway gateway) throws Exception {
        List<String> sns = new ArrayList<>();
        json(gateway.get("/api/devices")).forEach(d -> sns.add(d.get("sn").asText()));
        return sns;
    }

    private static void assertError(HttpResponse<String> response, int status, String contains) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(contains);
    }
}
