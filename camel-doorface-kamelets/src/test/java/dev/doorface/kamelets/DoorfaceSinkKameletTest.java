package dev.doorface.kamelets;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * kamelet:doorface-sink in a YAML route: a user as JSON (or a Map) becomes a command on the named terminal, and the
 * terminal's refusal fails the exchange.
 */
class DoorfaceSinkKameletTest extends KameletTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private void sinkRoutes() throws Exception {
        loadYamlRoutes("""
                - route:
                    from:
                      uri: direct:enrol
                      steps:
                        - to:
                            uri: "kamelet:doorface-sink"
                            parameters:
                              host: 127.0.0.1
                              port: %1$d
                              path: /door
                              deviceSn: S1
                              requestTimeout: 10s
                - route:
                    from:
                      uri: direct:remove
                      steps:
                        - to:
                            uri: "kamelet:doorface-sink"
                            parameters:
                              host: 127.0.0.1
                              port: %1$d
                              path: /door
                              deviceSn: S1
                              operation: deleteUser
                """.formatted(port));
    }

    @Test
    void aJsonUserIsAddedToTheNamedTerminal() throws Exception {
        sinkRoutes();
        SimulatedTerminal terminal = connect("S1");
        String img = SampleImages.jpegBase64(2);
        String user = JSON.writeValueAsString(Map.of("user", "ada", "userId", "1001", "pwd", "1234", "name", "Ada",
                "role", "0", "img", img));

        template.requestBody("direct:enrol", user);

        SimUser held = terminal.users().get("1001");
        assertThat(held).isNotNull();
        assertThat(held.name()).isEqualTo("Ada");
        assertThat(held.img()).isEqualTo(img);

        template.requestBody("direct:remove", Map.of("userId", "1001"));
        assertThat(terminal.users()).doesNotContainKey("1001");
    }

    @Test
    void aRefusedCommandFailsTheExchange() throws Exception {
        sinkRoutes();
        connect("S1");

        // addUser needs all six fields: the component refuses the command before it is sent
        assertThatThrownBy(() -> template.requestBody("direct:enrol", "{\"userId\":\"1002\"}"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().hasMessageContaining("addUser");
    }

    /**
     * A source and a sink on one port share one gateway, as in a Camel K integration that uses both: each terminal
     * that registers is given a guest user.
     */
    @Test
    void sourceAndSinkOnOnePortShareTheGateway() throws Exception {
        loadYamlRoutes(welcomeRoute(9, 9));
        SimulatedTerminal terminal = connect("S7");

        received(getMockEndpoint("mock:welcomed"), 1);
        await().atMost(PROMPTLY).until(() -> terminal.users().containsKey("G1"));
        assertThat(terminal.heartbeatIntervalSeconds()).isEqualTo(9);
    }

    /** The server is one: a source and a sink that disagree on it do not start, and the error says on what. */
    @Test
    void sourceAndSinkThatDisagreeOnTheGatewayDoNotStart() {
        assertThatThrownBy(() -> loadYamlRoutes(welcomeRoute(9, 20)))
                .rootCause().hasMessageContaining("already running with other settings")
                .hasMessageContaining("heartbeatInterval 9 vs 20");
    }

    /** Gives each terminal that registers a guest user: the source's CamelDoorfaceDeviceSn header names it. */
    private String welcomeRoute(int sourceHeartbeat, int sinkHeartbeat) {
        return """
                - route:
                    from:
                      uri: "kamelet:doorface-source"
                      parameters:
                        host: 127.0.0.1
                        port: %1$d
                        path: /door
                        events: REGISTERED
                        heartbeatInterval: %2$d
                      steps:
                        - setBody:
                            constant: '{"user":"guest","userId":"G1","pwd":"0","name":"Guest","role":"0","img":"%4$s"}'
                        - to:
                            uri: "kamelet:doorface-sink"
                            parameters:
                              host: 127.0.0.1
                              port: %1$d
                              path: /door
                              deviceSn: unused
                              heartbeatInterval: %3$d
                        - to: mock:welcomed
                """.formatted(port, sourceHeartbeat, sinkHeartbeat, SampleImages.jpegBase64(1));
    }
}
