package dev.doorface.camel;

import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * registrationTimeout: a connection that has not registered in time is closed with status 4003, however busy it keeps
 * the line; a registered terminal stays.
 */
class RegistrationTimeoutTest extends DoorfaceTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("registrationTimeout=3s&events=REGISTERED")).to("mock:registered");
            }
        };
    }

    @Test
    void connectionThatDoesNotRegisterIsClosedWith4003() throws Exception {
        SimulatedTerminal registered = connect("IN-TIME");
        try (RawWebSocket silent = new RawWebSocket(port, "/door");
             RawWebSocket chatty = new RawWebSocket(port, "/door")) {
            // heartbeats without a registration do not count as registering
            chatty.text("{\"code\":\"206\",\"data\":{\"time\":\"2024-01-01 00:00:00\"}}");
            assertThat(silent.readUntilServerCloses()).isEqualTo(4003);
            assertThat(chatty.readUntilServerCloses()).isEqualTo(4003);
        }
        // its deadline passed before the others': it still holds its connection
        assertThat(registered.isConnected()).isTrue();
        assertThat(result(registered.sendAccessEvent("e-1", "u"))).isNotNull();
    }
}
