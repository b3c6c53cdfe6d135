package dev.doorface.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.console.DoorfaceDevConsole;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The doorface dev console, found the standard way (its generated META-INF/services/org/apache/camel/dev-console
 * file) and called as text and as JSON with simulated terminals registered.
 */
class DevConsoleTest extends DoorfaceTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=REGISTERED")).routeId("presence").to("mock:presence");
                from("direct:select").to(gateway("operation=selectUser&requestTimeout=60000"));
            }
        };
    }

    private DevConsole console() {
        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("doorface");
        assertThat(console).isInstanceOf(DoorfaceDevConsole.class);
        return console;
    }

    @Test
    void listsTheGatewayAndItsTerminalsAsTextAndJson() throws Exception {
        SimulatedTerminal first = connect("CONSOLE-B");
        connect("CONSOLE-A");
        first.sendHeartbeat().get();
        first.behaviour(Behaviour.SILENT);
        CompletableFuture<Object> waiting = template.asyncRequestBodyAndHeader("direct:select", null,
                DoorfaceConstants.DEVICE_SN, "CONSOLE-B");
        DevConsole console = console();
        await().atMost(PROMPTLY).until(() -> terminal(json(console, Map.of()), "CONSOLE-B")
                .getInteger("commandsWaiting") == 1);

        JsonObject root = json(console, Map.of());
        assertThat(root.getInteger("limit")).isEqualTo(100);
        List<JsonObject> gateways = gateways(root);
        assertThat(gateways).hasSize(1);
        JsonObject gateway = gateways.get(0);
        assertThat(gateway.getString("url")).isEqualTo("ws://127.0.0.1:" + port + "/door");
        assertThat(gateway.getString("address")).isEqualTo("127.0.0.1:" + port);
        assertThat(gateway.getString("path")).isEqualTo("/door");
        assertThat(gateway.getBoolean("listening")).isTrue();
        assertThat(gateway.getInteger("connections")).isEqualTo(2);
        assertThat(gateway.getInteger("terminalsTotal")).isEqualTo(2);
        assertThat(gateway.getInteger("commandsWaiting")).isEqualTo(1);
        List<JsonObject> terminals = terminals(gateway);
        assertThat(terminals).extracting(t -> t.getString("sn")).containsExactly("CONSOLE-A", "CONSOLE-B");
        JsonObject b = terminals.get(1);
        assertThat(b.getString("remoteAddress")).startsWith("127.0.0.1:");
        assertThat(b.getLong("registeredAt")).isPositive();
        assertThat(b.getLong("lastHeartbeat")).isGreaterThanOrEqualTo(b.getLong("registeredAt"));
        assertThat(terminals.get(0).getInteger("commandsWaiting")).isZero();

        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        assertThat(text).contains("Gateway ws://127.0.0.1:" + port + "/door (listening)")
                .contains("connections: 2, terminals: 2, commands waiting: 1")
                .contains("first 2 of 2 terminals by sn")
                .contains("CONSOLE-A").contains("CONSOLE-B").contains("ago)");
        assertThat(text.indexOf("CONSOLE-A")).isLessThan(text.indexOf("CONSOLE-B"));
        waiting.cancel(true);
    }

    @Test
    void theLimitBoundsTheListAndTheTotalIsKept() throws Exception {
        connect("LIMIT-3");
        connect("LIMIT-1");
        connect("LIMIT-2");
        DevConsole console = console();

        JsonObject gateway = gateways(json(console, Map.of(DoorfaceDevConsole.LIMIT, "2"))).get(0);
        assertThat(gateway.getInteger("terminalsTotal")).isEqualTo(3);
        assertThat(terminals(gateway)).extracting(t -> t.getString("sn")).containsExactly("LIMIT-1", "LIMIT-2");

        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of(DoorfaceDevConsole.LIMIT, "2"));
        assertThat(text).contains("first 2 of 3 terminals by sn").contains("LIMIT-2").doesNotContain("LIMIT-3");
        assertThat(terminals(gateways(json(console, Map.of(DoorfaceDevConsole.LIMIT, "0"))).get(0))).isEmpty();
    }

    @Test
    void aTerminalGoingOfflineLeavesTheList() throws Exception {
        SimulatedTerminal leaving = connect("GONE-1");
        DevConsole console = console();
        assertThat(terminals(gateways(json(console, Map.of())).get(0))).hasSize(1);
        leaving.close();
        await().atMost(PROMPTLY).until(() -> terminals(gateways(json(console, Map.of())).get(0)).isEmpty());
        assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of()))
                .contains("terminals: 0").doesNotContain("GONE-1");
    }

    @Test
    void noGatewayRunningIsSaidPlainly() throws Exception {
        context.getRouteController().stopAllRoutes();
        DevConsole console = console();
        assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of())).isEqualTo(
                "No doorface gateway is running\n");
        assertThat(gateways(json(console, Map.of()))).isEmpty();
    }

    private static JsonObject json(DevConsole console, Map<String, Object> options) {
        return (JsonObject) console.call(DevConsole.MediaType.JSON, options);
    }

    @SuppressWarnings("unchecked")
    private static List<JsonObject> gateways(JsonObject root) {
        return (List<JsonObject>) (List<?>) root.getCollection("gateways");
    }

    @SuppressWarnings("unchecked")
    private static List<JsonObject> terminals(JsonObject gateway) {
        return (List<JsonObject>) (List<?>) gateway.getCollection("terminals");
    }

    private static JsonObject terminal(JsonObject root, String sn) {
        return terminals(gateways(root).get(0)).stream().filter(t -> sn.equals(t.getString("sn"))).findFirst()
                .orElseThrow();
    }
}
