package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example reads who may connect from its properties and hands it to the one doorface endpoint. */
class TerminalAdmissionSettingsTest {

    private static final String TOKEN = "site-7_token.XYZ";

    @TempDir
    Path dataDir;

    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    @AfterEach
    void closeTerminals() {
        terminals.forEach(SimulatedTerminal::close);
    }

    private SimulatedTerminal terminal(String url, String sn, String mac) {
        SimulatedTerminal terminal = SimulatedTerminal.builder(url).sn(sn).mac(mac).build();
        terminals.add(terminal);
        return terminal;
    }

    private static JsonNode devices(TestGateway gateway) throws Exception {
        return json(gateway.get("/api/devices"));
    }

    @Test
    void allowListTokenAndMacPinningComeFromTheProperties() throws Exception {
        Path serials = Files.writeString(dataDir.resolve("more serials.txt"), "# installed 2024\nSIM-D\n");
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("doorface.allowedSerials", "SIM-A, SIM-B",
                "doorface.allowedSerialsFile", serials.toString(), "doorface.terminalToken", TOKEN,
                "doorface.pinMac", "true"))) {
            String withToken = gateway.wsUrl() + "?token=" + TOKEN;
            terminal(withToken, "SIM-A", "02:00:00:00:00:0A").connect().get(10, TimeUnit.SECONDS);
            terminal(withToken, "SIM-D", "02:00:00:00:00:0D").connect().get(10, TimeUnit.SECONDS);

            // not on the list, no token, wrong token, pinned to another MAC: all refused
            for (SimulatedTerminal refused : List.of(terminal(withToken, "SIM-C", "02:00:00:00:00:0C"),
                    terminal(gateway.wsUrl(), "SIM-B", "02:00:00:00:00:0B"),
                    terminal(gateway.wsUrl() + "?token=guess", "SIM-B", "02:00:00:00:00:0B"),
                    terminal(withToken, "SIM-A", "02:00:00:00:00:FF"))) {
                assertThatThrownBy(() -> refused.connect().get(10, TimeUnit.SECONDS)).as(refused.toString());
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> devices(gateway).size() == 2);
            assertThat(devices(gateway)).extracting(n -> n.get("sn").asText()).containsExactly("SIM-A", "SIM-D");
            JsonNode device = devices(gateway).get(0);
            assertThat(device.get("sn").asText()).isEqualTo("SIM-A");
            assertThat(device.get("mac").asText()).isEqualTo("02:00:00:00:00:0A");
            assertThat(device.get("online").asBoolean()).isTrue();
        }
    }

    @Test
    void demoTerminalsDialInWithTheToken() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("demo.terminals", "1",
                "doorface.terminalToken", TOKEN))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> devices(gateway).size() == 1
                                                               && devices(gateway).get(0).get("online").asBoolean());
            assertThatThrownBy(() -> terminal(gateway.wsUrl(), "SIM-X", null).connect().get(10, TimeUnit.SECONDS));
        }
    }
}
