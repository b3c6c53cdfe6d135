package dev.doorface.camel;

import java.util.List;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of terminal report reaches a route, typed, with its headers.
 */
class ConsumerEventsTest extends DoorfaceTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("heartbeatInterval=7")).routeId("events").to("mock:events");
                from(gateway("heartbeatInterval=7&events=HEARTBEAT")).routeId("beats").to("mock:beats");
            }
        };
    }

    @Test
    void registrationIsAnsweredWithTheIntervalAndReachesTheRoute() throws Exception {
        SimulatedTerminal terminal = connect(terminal("T-REG").ip("10.1.2.3").mac("AA:BB").type("2"));
        assertThat(terminal.heartbeatIntervalSeconds()).isEqualTo(7);

        Exchange exchange = received(getMockEndpoint("mock:events"), 1).get(0);
        TerminalRegistered body = exchange.getMessage().getBody(TerminalRegistered.class);
        assertThat(body.sn()).isEqualTo("T-REG");
        assertThat(body.ip()).isEqualTo("10.1.2.3");
        assertThat(body.mac()).isEqualTo("AA:BB");
        assertThat(body.type()).isEqualTo("2");
        assertThat(body.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(exchange.getMessage().getHeader(DoorfaceConstants.DEVICE_SN)).isEqualTo("T-REG");
        assertThat(exchange.getMessage().getHeader(DoorfaceConstants.EVENT_KIND)).isEqualTo("REGISTERED");
    }

    @Test
    void accessRecordCarriesThePhotoAsBytes() throws Exception {
        SimulatedTerminal terminal = connect("T-ACC");
        byte[] jpeg = SampleImages.jpeg(3);
        assertThat(result(terminal.sendAccessEvent("20240115113644", "77986", "1", jpeg))).isEqualTo("200");

        MockEndpoint events = getMockEndpoint("mock:events");
        Exchange exchange = received(events, 2).get(1);
        AccessEvent event = exchange.getMessage().getBody(AccessEvent.class);
        assertThat(event.sn()).isEqualTo("T-ACC");
        assertThat(event.eventId()).isEqualTo("20240115113644");
        assertThat(event.userId()).isEqualTo("77986");
        assertThat(event.door()).isEqualTo("1");
        assertThat(event.imageBytes()).isEqualTo(jpeg);
        assertThat(exchange.getMessage().getHeaders()).containsEntry(DoorfaceConstants.EVENT_KIND, "ACCESS")
                .containsEntry(DoorfaceConstants.EVENT_ID, "20240115113644")
                .containsEntry(DoorfaceConstants.USER_ID, "77986")
                .containsEntry(DoorfaceConstants.DOOR, "1")
                .containsEntry(DoorfaceConstants.DEVICE_SN, "T-ACC");
        // the JSON a route would marshal carries the photo as the protocol does, and no helper fields
        String json = context.getTypeConverter().convertTo(String.class,
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event));
        assertThat(json).contains("\"img\":\"").doesNotContain("imageBytes").doesNotContain("kind");
    }

    @Test
    void userAddedAtTheTerminal() throws Exception {
        SimulatedTerminal terminal = connect("T-ADD");
        SimUser user = new SimUser("lisi", "12384865", "1234", "李四", "0", SampleImages.jpegBase64(1));
        assertThat(result(terminal.sendUserAdded("e-2", user))).isEqualTo("200");

        Exchange exchange = received(getMockEndpoint("mock:events"), 2).get(1);
        UserAddedEvent event = exchange.getMessage().getBody(UserAddedEvent.class);
        assertThat(event.user()).isEqualTo(new DoorUser("lisi", "12384865", "1234", "李四", "0", user.img()));
        assertThat(exchange.getMessage().getHeaders()).containsEntry(DoorfaceConstants.EVENT_KIND, "USER_ADDED")
                .containsEntry(DoorfaceConstants.USER_ID, "12384865")
                .containsEntry(DoorfaceConstants.EVENT_ID, "e-2");
    }

    @Test
    void disconnectionReachesTheRoute() throws Exception {
        SimulatedTerminal terminal = connect("T-BYE");
        terminal.close();
        Exchange exchange = received(getMockEndpoint("mock:events"), 2).get(1);
        assertThat(exchange.getMessage().getBody()).isEqualTo(new TerminalDisconnected("T-BYE", "closed by terminal"));
        assertThat(exchange.getMessage().getHeader(DoorfaceConstants.EVENT_KIND)).isEqualTo("DISCONNECTED");
    }

    @Test
    void heartbeatsOnlyWhereAskedFor() throws Exception {
        SimulatedTerminal terminal = connect(terminal("T-HB").heartbeats(false));
        assertThat(result(terminal.sendHeartbeat())).isEqualTo("200");

        Exchange beat = received(getMockEndpoint("mock:beats"), 1).get(0);
        assertThat(beat.getMessage().getBody(HeartbeatEvent.class).sn()).isEqualTo("T-HB");
        assertThat(beat.getMessage().getBody(HeartbeatEvent.class).time()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        List<Object> kinds = getMockEndpoint("mock:events").getReceivedExchanges().stream()
                .map(e -> e.getMessage().getHeader(DoorfaceConstants.EVENT_KIND)).toList();
        assertThat(kinds).containsExactly(EventKind.REGISTERED.name());
    }

    @Test
    void reportsBeforeRegistrationAreRefused() throws Exception {
        SimulatedTerminal terminal = connect(terminal("T-EARLY").register(false).heartbeats(false));
        assertThat(result(terminal.sendAccessEvent("e-1", "u-1"))).isEqualTo("500");
        assertThat(result(terminal.sendHeartbeat())).isEqualTo("500");
        // the connection is still usable: registering now works
        assertThat(result(terminal.sendRegistration())).isEqualTo("200");
        assertThat(result(terminal.sendAccessEvent("e-2", "u-1"))).isEqualTo("200");
        assertThat(received(getMockEndpoint("mock:events"), 2).stream().map(e -> (Object) e.getMessage().getBody().getClass()).toList())
                .containsExactly(TerminalRegistered.class, AccessEvent.class);
    }
}
