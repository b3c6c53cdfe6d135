package dev.doorface.kamelets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * kamelet:doorface-source in a YAML route: terminal events arrive as JSON, the terminal is answered once the route
 * has completed, and the gateway options given to the Kamelet reach the server.
 */
class DoorfaceSourceKameletTest extends KameletTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The token of the admission test, with characters a URI treats specially, as a terminal sends it. */
    private static final String TOKEN_QUERY =
            "token=" + URLEncoder.encode("s3cret+T=ok%en #1", StandardCharsets.UTF_8);

    @Test
    void accessEventArrivesAsJsonAndTheTerminalIsAnswered200() throws Exception {
        loadYamlRoutes("""
                - route:
                    id: doors
                    from:
                      uri: "kamelet:doorface-source"
                      parameters:
                        host: 127.0.0.1
                        port: %d
                        path: /door
                        events: ACCESS
                      steps:
                        - to: mock:events
                """.formatted(port));
        SimulatedTerminal terminal = connect("K1");
        byte[] photo = SampleImages.jpeg(3);

        assertThat(result(terminal.sendAccessEvent("ev-1", "u-7", "1", photo))).isEqualTo("200");

        Exchange exchange = received(getMockEndpoint("mock:events"), 1).get(0);
        JsonNode event = JSON.readTree(exchange.getMessage().getBody(String.class));
        assertThat(event.path("sn").asText()).isEqualTo("K1");
        assertThat(event.path("eventId").asText()).isEqualTo("ev-1");
        assertThat(event.path("userId").asText()).isEqualTo("u-7");
        assertThat(event.path("door").asText()).isEqualTo("1");
        assertThat(Base64.getDecoder().decode(event.path("img").asText())).isEqualTo(photo);
        assertThat(exchange.getMessage().getHeader("CamelDoorfaceEventKind", String.class)).isEqualTo("ACCESS");
        assertThat(exchange.getMessage().getHeader("CamelDoorfaceDeviceSn", String.class)).isEqualTo("K1");
        // only ACCESS was asked for: the registration of K1 never reached the route
        assertThat(getMockEndpoint("mock:events").getReceivedExchanges()).hasSize(1);
    }

    @Test
    void aRouteThatFailsHasTheTerminalAnswered500() throws Exception {
        loadYamlRoutes("""
                - route:
                    from:
                      uri: "kamelet:doorface-source?host=127.0.0.1&port=%d&path=/door&events=ACCESS"
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: "database down"
                """.formatted(port));
        SimulatedTerminal terminal = connect("K2");

        assertThat(result(terminal.sendAccessEvent("ev-2", "u-1"))).isEqualTo("500");
    }

    @Test
    void heartbeatIntervalAndAdmissionOptionsReachTheGateway() throws Exception {
        loadYamlRoutes("""
                - route:
                    from:
                      uri: "kamelet:doorface-source"
                      parameters:
                        host: 127.0.0.1
                        port: %d
                        path: /door
                        events: REGISTERED
                        heartbeatInterval: 7
                        allowedSerials: "OK-1, OK-2"
                        terminalToken: "s3cret+T=ok%%en #1"
                        pinMac: true
                      steps:
                        - to: mock:registered
                """.formatted(port));

        SimulatedTerminal admitted = terminal("OK-1", TOKEN_QUERY);
        result(admitted.connect());
        assertThat(admitted.heartbeatIntervalSeconds()).isEqualTo(7);
        JsonNode registered = JSON.readTree(
                received(getMockEndpoint("mock:registered"), 1).get(0).getMessage().getBody(String.class));
        assertThat(registered.path("sn").asText()).isEqualTo("OK-1");

        // not on the allow-list
        SimulatedTerminal stranger = terminal("NOT-LISTED", TOKEN_QUERY);
        assertThatThrownBy(() -> result(stranger.connect())).hasMessageContaining("500");
        // no token: refused at the handshake
        SimulatedTerminal tokenless = terminal("OK-2", null);
        assertThatThrownBy(() -> result(tokenless.connect())).hasMessageContaining("403");
        // OK-1's MAC is pinned: the same sn from another MAC is refused
        SimulatedTerminal impostor = SimulatedTerminal
                .builder("ws://127.0.0.1:" + port + "/door?" + TOKEN_QUERY).sn("OK-1").mac("02:00:00:00:00:99")
                .build();
        try {
            assertThatThrownBy(() -> result(impostor.connect())).hasMessageContaining("500");
        } finally {
            impostor.close();
        }
        assertThat(getMockEndpoint("mock:registered").getReceivedExchanges()).hasSize(1);
        assertThat(admitted.isConnected()).isTrue();
    }
}
