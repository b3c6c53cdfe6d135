package dev.doorface.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's management endpoints on the API server: /observe/health for probes without the API token, and the doorface
 * dev console behind it (Camel's other consoles are not served). Neither shows a secret.
 */
class ObserveEndpointsTest {

    private static final String API_TOKEN = "observe-api-token-4f1c";
    private static final String TERMINAL_TOKEN = "observe-terminal-token-9d2e";

    @TempDir
    Path dataDir;

    @Test
    void healthAnswersWithoutTheTokenAndShowsTheDoorfaceChecks() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir,
                Map.of("api.token", API_TOKEN, "doorface.terminalToken", TERMINAL_TOKEN));
             SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl() + "?token=" + TERMINAL_TOKEN)
                     .sn("OBSERVE-1").build()) {
            terminal.connect().get(20, TimeUnit.SECONDS);

            HttpResponse<String> health = await().atMost(Duration.ofSeconds(20))
                    .until(() -> anonymous(gateway, "/observe/health?exposureLevel=full&data=true"),
                            r -> r.statusCode() == 200 && check(r, "consumer:terminal-status")
                                    .path("data").path("doorface.terminals").asInt() == 1);
            JsonNode body = TestGateway.json(health);
            assertThat(body.path("status").asText()).isEqualTo("UP");
            JsonNode consumer = check(health, "consumer:access-events").path("data");
            assertThat(consumer.path("doorface.gateway").asText()).isEqualTo("127.0.0.1:" + gateway.wsPort + "/door");
            assertThat(consumer.path("doorface.connections").asInt()).isEqualTo(1);
            assertThat(consumer.path("doorface.commandsWaiting").asInt()).isZero();
            List<String> names = body.path("checks").findValuesAsText("name");
            assertThat(names).anyMatch(n -> n.startsWith("doorface-producer-")).contains("doorface-gateways");
            assertThat(check(health, "doorface-gateways").path("status").asText()).isEqualTo("UP");
            // the endpoint URIs in the details carry the terminal token masked, and nothing shows the API token
            assertThat(health.body()).doesNotContain(API_TOKEN).doesNotContain(TERMINAL_TOKEN);

            HttpResponse<String> plain = anonymous(gateway, "/observe/health");
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(plain).path("status").asText()).isEqualTo("UP");
            HttpResponse<String> live = anonymous(gateway, "/observe/health/live?exposureLevel=full");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(live).path("checks").findValuesAsText("name")).contains("doorface-gateways")
                    .noneMatch(n -> n.startsWith("consumer:"));
            HttpResponse<String> ready = anonymous(gateway, "/observe/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(ready).path("checks").findValuesAsText("name"))
                    .contains("consumer:access-events").doesNotContain("doorface-gateways");

            // the API stays behind its token
            assertThat(anonymous(gateway, "/api/devices").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theDoorfaceDevConsoleNeedsTheTokenAndListsTerminals() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("api.token", API_TOKEN));
             SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn("CONSOLE-7").build()) {
            terminal.connect().get(20, TimeUnit.SECONDS);

            assertThat(anonymous(gateway, "/q/dev/doorface").statusCode()).isEqualTo(401);
            assertThat(anonymous(gateway, "/q/dev").statusCode()).isEqualTo(401);
            assertThat(anonymous(gateway, "/q/dev/system-properties").statusCode()).isEqualTo(401);

            HttpResponse<String> json = gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/q/dev/doorface"))
                    .header("Authorization", "Bearer " + API_TOKEN).header("Accept", "application/json").GET()
                    .build());
            assertThat(json.statusCode()).isEqualTo(200);
            JsonNode console = TestGateway.json(json).path("doorface");
            JsonNode gw = console.path("gateways").get(0);
            assertThat(gw.path("url").asText()).isEqualTo(gateway.wsUrl());
            assertThat(gw.path("terminalsTotal").asInt()).isEqualTo(1);
            assertThat(gw.path("terminals").get(0).path("sn").asText()).isEqualTo("CONSOLE-7");
            assertThat(gw.path("terminals").get(0).path("remoteAddress").asText()).startsWith("127.0.0.1:");

            HttpResponse<String> text = gateway.sendAsIs(HttpRequest.newBuilder(
                    gateway.uri("/q/dev/doorface?limit=5")).header("Authorization", "Bearer " + API_TOKEN)
                    .header("Accept", "text/plain").GET().build());
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.body()).contains("Gateway " + gateway.wsUrl() + " (listening)")
                    .contains("first 1 of 1 terminals by sn").contains("CONSOLE-7");

            // Camel's other consoles are not served, even with the token
            for (String other : List.of("/q/dev", "/q/dev/system-properties", "/q/dev/jvm", "/q/dev/properties")) {
                assertThat(gateway.get(other).statusCode()).as(other).isEqualTo(404);
            }
        }
    }

    @Test
    void aTerminalTokenGivenWithDashDIsMaskedInTheLog() throws Exception {
        Path log = dataDir.resolve("gateway.log");
        try (GatewayProcess gateway = GatewayProcess.start(dataDir.resolve("data"), log,
                Map.of("doorface.terminalToken", TERMINAL_TOKEN))) {
            assertThat(gateway.get("/q/dev/doorface").statusCode()).isEqualTo(200);
            assertThat(gateway.get("/q/dev/system-properties").statusCode()).isEqualTo(404);
        }
        // Camel Main lists -D overrides at startup; the token is among them, masked
        assertThat(Files.readString(log)).contains("doorface.terminalToken").doesNotContain(TERMINAL_TOKEN);
    }

    private static JsonNode check(HttpResponse<String> health, String name) {
        JsonNode body;
        try {
            body = TestGateway.json(health);
        } catch (java.io.IOException e) {
            return TestGateway.JSON.createObjectNode();
        }
        for (JsonNode check : body.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        return TestGateway.JSON.createObjectNode();
    }

    private static HttpResponse<String> anonymous(TestGateway gateway, String path) throws Exception {
        return gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(20)).GET()
                .build());
    }
}
