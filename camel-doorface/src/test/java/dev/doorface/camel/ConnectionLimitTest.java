package dev.doorface.camel;

import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * maxConnections: a handshake beyond it is refused with HTTP 503; a freed place can be taken again. Unregistered
 * connections count too (they hold a socket all the same).
 */
class ConnectionLimitTest extends DoorfaceTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("maxConnections=3&events=REGISTERED")).to("mock:registered");
            }
        };
    }

    private DoorfaceGateway gateway() {
        return context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port);
    }

    @Test
    void connectionsBeyondTheMaximumAreRefusedWith503() throws Exception {
        SimulatedTerminal first = connect("FULL-1");
        connect("FULL-2");
        try (RawWebSocket unregistered = new RawWebSocket(port, "/door")) {
            await().atMost(PROMPTLY).until(() -> gateway().connections() == 3);
            SimulatedTerminal extra = terminal("FULL-4").build();
            try {
                assertThatThrownBy(() -> result(extra.connect())).hasMessageContaining("503");
            } finally {
                extra.close();
            }
            assertThatThrownBy(() -> new RawWebSocket(port, "/door").close()).hasMessageContaining("503");
            // the connections held are untouched
            assertThat(first.isConnected()).isTrue();
            assertThat(result(first.sendAccessEvent("e-1", "u"))).isNotNull();
        }
        // the raw connection is gone: its place is free again
        await().atMost(PROMPTLY).until(() -> gateway().connections() == 2);
        SimulatedTerminal late = connect("FULL-4");
        assertThat(late.isConnected()).isTrue();
        assertThat(gateway().registeredTerminals()).isEqualTo(3);
    }
}
