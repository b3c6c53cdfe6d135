package dev.doorface.camel;

import java.util.Map;

import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's meters in the MeterRegistry Camel's registry holds (as camel-micrometer binds it): events by kind and
 * outcome, commands by operation and outcome, the round-trip and report timers, the gauges; removed when the gateway
 * stops.
 */
class GatewayMicrometerTest extends DoorfaceTestSupport {

    @BindToRegistry("metricsRegistry")
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS")).routeId("access")
                        .process(exchange -> {
                            if ("bad-user".equals(exchange.getMessage().getBody(AccessEvent.class).userId())) {
                                throw new IllegalStateException("database refused the row");
                            }
                        });
                from("direct:command").to(gateway("requestTimeout=30000"));
                from("direct:quick").to(gateway("requestTimeout=300"));
            }
        };
    }

    private RequiredSearch meter(String name, String... tags) {
        return meters.get(name).tag("gateway", "127.0.0.1:" + port).tags(tags);
    }

    private double events(String kind, String outcome) {
        return meter("doorface.events", "kind", kind, "outcome", outcome).functionCounter().count();
    }

    private double commands(String operation, String outcome) {
        return meter("doorface.commands", "operation", operation, "outcome", outcome).functionCounter().count();
    }

    private Exchange command(String endpoint, String sn, DoorfaceOperation operation, Object body) {
        return template.request(endpoint, e -> {
            e.getMessage().setHeaders(Map.of(DoorfaceConstants.DEVICE_SN, sn, DoorfaceConstants.OPERATION, operation));
            e.getMessage().setBody(body);
        });
    }

    @Test
    void eventsCountByKindAndOutcome() throws Exception {
        SimulatedTerminal terminal = connect("T1");
        assertThat(result(terminal.sendAccessEvent("e1", "good-user"))).isEqualTo("200");
        assertThat(result(terminal.sendAccessEvent("e2", "bad-user"))).isEqualTo("500");
        assertThat(result(terminal.sendAccessEvent("e3", "good-user"))).isEqualTo("200");
        assertThat(result(terminal.sendHeartbeat())).isEqualTo("200");

        assertThat(events("ACCESS", "acknowledged")).isEqualTo(2);
        assertThat(events("ACCESS", "failed")).isEqualTo(1);
        assertThat(events("ACCESS", "unhandled")).isZero();
        assertThat(events("HEARTBEAT", "acknowledged")).isEqualTo(1);
        assertThat(events("REGISTERED", "acknowledged")).isEqualTo(1);
        // a sample per answered report, recorded right after its answer was written: the terminal may read it first
        await().atMost(PROMPTLY).untilAsserted(() -> {
            assertThat(meter("doorface.report.handling", "kind", "ACCESS").timer().count()).isEqualTo(3);
            assertThat(meter("doorface.report.handling", "kind", "HEARTBEAT").timer().count()).isEqualTo(1);
            assertThat(meter("doorface.report.handling", "kind", "REGISTERED").timer().count()).isEqualTo(1);
        });
        assertThat(meter("doorface.terminals.online").gauge().value()).isEqualTo(1);
        assertThat(meter("doorface.connections").gauge().value()).isEqualTo(1);

        terminal.close();
        await().atMost(PROMPTLY).until(() -> meter("doorface.terminals.online").gauge().value() == 0);
    }

    @Test
    void commandsCountByOperationAndOutcomeWithTheirRoundTrip() throws Exception {
        SimulatedTerminal terminal = connect("T1");
        Exchange added = command("direct:command", "T1", DoorfaceOperation.addUser,
                new DoorUser("lisi", "1001", "1234", "Li Si", "0", SampleImages.jpegBase64(7)));
        assertThat(added.getException()).isNull();
        Exchange missing = command("direct:command", "NOBODY", DoorfaceOperation.deleteUser, "1001");
        assertThat(missing.getException()).isInstanceOf(TerminalNotConnectedException.class);
        terminal.behaviour(Behaviour.FAIL);
        assertThat(command("direct:command", "T1", DoorfaceOperation.deleteUser, "1001").getException()).isNotNull();
        terminal.behaviour(Behaviour.SILENT);
        assertThat(command("direct:quick", "T1", DoorfaceOperation.deleteUser, "1001").getException())
                .isInstanceOf(CommandTimeoutException.class);

        assertThat(commands("addUser", "ok")).isEqualTo(1);
        assertThat(commands("deleteUser", "not_connected")).isEqualTo(1);
        assertThat(commands("deleteUser", "terminal_error")).isEqualTo(1);
        assertThat(commands("deleteUser", "timeout")).isEqualTo(1);
        assertThat(commands("deleteUser", "ok")).isZero();
        assertThat(meter("doorface.command.rtt", "operation", "addUser").timer().count()).isEqualTo(1);
        // the terminal's error answer is a round trip too; the timeout is not
        assertThat(meter("doorface.command.rtt", "operation", "deleteUser").timer().count()).isEqualTo(1);
    }

    @Test
    void metersGoWithTheGateway() throws Exception {
        connect("T1");
        assertThat(meters.find("doorface.terminals.online").gauges()).hasSize(1);
        context.stop();
        assertThat(meters.find("doorface.terminals.online").gauges()).isEmpty();
        assertThat(meters.find("doorface.events").functionCounters()).isEmpty();
    }
}
