package dev.doorface.camel;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Camel's management on (camel-management, JMX), each gateway is an MBean of the context with its counters and
 * durations as attributes; it goes when the gateway stops. No Micrometer registry here: JMX alone switches timing on.
 */
class GatewayJmxTest extends DoorfaceTestSupport {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withJMX(true);
    }

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
            }
        };
    }

    private ObjectName gatewayMBean() throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context="
                + context.getManagementName() + ",type=doorface,*"), null);
        assertThat(names).hasSize(1);
        return names.iterator().next();
    }

    private Object attribute(String name) throws Exception {
        return server.getAttribute(gatewayMBean(), name);
    }

    @Test
    void gatewayCountersAreManagedAttributes() throws Exception {
        assertThat(gatewayMBean().getKeyProperty("name")).isEqualTo(ObjectName.quote("127.0.0.1:" + port));
        SimulatedTerminal terminal = connect("T1");
        assertThat(result(terminal.sendAccessEvent("e1", "good-user"))).isEqualTo("200");
        assertThat(result(terminal.sendAccessEvent("e2", "bad-user"))).isEqualTo("500");
        // answered 203, selectUser's success code
        Exchange selected = template.request("direct:command", e -> e.getMessage().setHeaders(Map.of(
                DoorfaceConstants.DEVICE_SN, "T1", DoorfaceConstants.OPERATION, DoorfaceOperation.selectUser)));
        assertThat(selected.getException()).isNull();
        Exchange missing = template.request("direct:command", e -> {
            e.getMessage().setHeaders(Map.of(
                    DoorfaceConstants.DEVICE_SN, "GONE", DoorfaceConstants.OPERATION, DoorfaceOperation.deleteUser));
            e.getMessage().setBody("1001");
        });
        assertThat(missing.getException()).isInstanceOf(TerminalNotConnectedException.class);

        assertThat(attribute("Address")).isEqualTo("127.0.0.1:" + port);
        assertThat(attribute("TerminalsOnline")).isEqualTo(1);
        assertThat(attribute("Connections")).isEqualTo(1);
        assertThat(attribute("AccessEventsAcknowledged")).isEqualTo(1L);
        assertThat(attribute("AccessEventsFailed")).isEqualTo(1L);
        assertThat(attribute("EventsFailed")).isEqualTo(1L);
        assertThat(attribute("CommandsOk")).isEqualTo(1L);
        assertThat(attribute("CommandsNotConnected")).isEqualTo(1L);
        assertThat(attribute("CommandRttCount")).isEqualTo(1L);
        assertThat((Double) attribute("CommandRttMaxMillis")).isPositive();
        // recorded right after the answer was written: the terminal may have read it first
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(attribute("ReportHandlingCount")).isEqualTo(3L));
        assertThat(server.invoke(gatewayMBean(), "eventCount", new Object[] { "ACCESS", "failed" },
                new String[] { String.class.getName(), String.class.getName() })).isEqualTo(1L);
        assertThat(server.invoke(gatewayMBean(), "commandCount", new Object[] { "deleteUser", "not_connected" },
                new String[] { String.class.getName(), String.class.getName() })).isEqualTo(1L);
    }

    @Test
    void mbeanGoesWithTheGateway() throws Exception {
        ObjectName name = gatewayMBean();
        // the consumer's and the producer's routes held the gateway: it stops with the last of them
        context.getRouteController().stopAllRoutes();
        await().atMost(PROMPTLY).until(() -> !server.isRegistered(name));
    }
}
