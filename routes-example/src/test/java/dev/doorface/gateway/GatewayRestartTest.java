package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway stored survives a restart on the same data.dir; demo mode shows rows without hardware. */
class GatewayRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestartOnTheSameDataDir() throws Exception {
        byte[] jpeg = SampleImages.jpeg(99);
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-R").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            assertThat(sim.sendAccessEvent("r-1", "U1", "0", jpeg).get(10, TimeUnit.SECONDS)).isEqualTo("200");
        }

        try (TestGateway gateway = TestGateway.start(dataDir)) {
            JsonNode events = json(gateway.get("/api/events?sn=SIM-R"));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("eventId").asText()).isEqualTo("r-1");
            assertThat(gateway.eventPhoto("SIM-R", "r-1")).isEqualTo(jpeg);
            // known, but nothing is connected to a gateway that just started
            JsonNode device = json(gateway.get("/api/devices")).get(0);
            assertThat(device.get("sn").asText()).isEqualTo("SIM-R");
            assertThat(device.get("online").asBoolean()).isFalse();

            try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-R").build()) {
                sim.connect().get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> json(gateway.get("/api/devices")).get(0).get("online").asBoolean());
                // the terminal reports the same event again after the restart: still stored once
                assertThat(sim.sendAccessEvent("r-1", "U1", "0", jpeg).get(10, TimeUnit.SECONDS)).isEqualTo("200");
                assertThat(sim.sendAccessEvent("r-2", "U1").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            }
            assertThat(json(gateway.get("/api/events?sn=SIM-R"))).extracting(n -> n.get("eventId").asText())
                    .containsExactly("r-2", "r-1");
        }
    }

    @Test
    void demoTerminalsReportEventsWithoutHardware() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir,
                Map.of("demo.terminals", "2", "demo.interval", "200"))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> json(gateway.get("/api/events")).size() >= 3);
            JsonNode devices = json(gateway.get("/api/devices"));
            assertThat(devices).extracting(n -> n.get("sn").asText()).containsExactly("DEMO-001", "DEMO-002");
            assertThat(devices).allMatch(n -> n.get("online").asBoolean());
            assertThat(json(gateway.get("/api/devices/DEMO-001/users"))).hasSize(3);
        }
    }
}
