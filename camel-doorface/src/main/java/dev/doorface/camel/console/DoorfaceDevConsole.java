package dev.doorface.camel.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.TerminalView;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The {@code doorface} developer console: each running gateway (address, path, connections, terminals, commands
 * waiting) and its registered terminals (sn, remote address, registered since, last heartbeat, commands waiting).
 * Terminals are listed by sn, the first {@value #DEFAULT_LIMIT} unless the {@code limit} option says otherwise, with
 * the total, so that ten thousand terminals stay a short answer. Serials and addresses only: no user, password or
 * photo is ever shown.
 */
@DevConsole(name = "doorface", displayName = "Doorface", description = "Door terminal gateways and their terminals")
public class DoorfaceDevConsole extends AbstractDevConsole {

    /** Option: how many terminals to list per gateway (the first by sn). */
    public static final String LIMIT = "limit";
    static final int DEFAULT_LIMIT = 100;

    public DoorfaceDevConsole() {
        super("camel", "doorface", "Doorface", "Door terminal gateways and their terminals");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        int limit = limit(options);
        StringBuilder sb = new StringBuilder();
        List<DoorfaceGateway> gateways = gateways(getCamelContext());
        if (gateways.isEmpty()) {
            return "No doorface gateway is running\n";
        }
        for (DoorfaceGateway gateway : gateways) {
            List<TerminalView> terminals = gateway.terminals(limit);
            int total = gateway.registeredTerminals();
            sb.append(String.format("Gateway %s (%s)%n", url(gateway), gateway.isListening() ? "listening"
                    : "not listening"));
            sb.append(String.format("    connections: %d, terminals: %d, commands waiting: %d%n",
                    gateway.connections(), total, gateway.commandsWaiting()));
            if (terminals.isEmpty()) {
                continue;
            }
            sb.append(String.format("    first %d of %d terminals by sn:%n", terminals.size(), total));
            sb.append(String.format("    %-24s %-24s %-42s %-42s %s%n", "SN", "REMOTE ADDRESS", "REGISTERED",
                    "LAST HEARTBEAT", "COMMANDS WAITING"));
            for (TerminalView t : terminals) {
                sb.append(String.format("    %-24s %-24s %-42s %-42s %d%n", t.sn(), t.remoteAddress(),
                        when(t.registeredAt()), when(t.lastHeartbeat()), t.commandsWaiting()));
            }
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        int limit = limit(options);
        JsonArray list = new JsonArray();
        for (DoorfaceGateway gateway : gateways(getCamelContext())) {
            JsonObject jo = new JsonObject();
            jo.put("url", url(gateway));
            jo.put("address", gateway.settings().host() + ":" + port(gateway));
            jo.put("path", gateway.settings().path());
            jo.put("listening", gateway.isListening());
            jo.put("connections", gateway.connections());
            jo.put("terminalsTotal", gateway.registeredTerminals());
            jo.put("commandsWaiting", gateway.commandsWaiting());
            JsonArray terminals = new JsonArray();
            for (TerminalView t : gateway.terminals(limit)) {
                JsonObject to = new JsonObject();
                to.put("sn", t.sn());
                to.put("remoteAddress", t.remoteAddress());
                to.put("registeredAt", t.registeredAt());
                if (t.lastHeartbeat() > 0) {
                    to.put("lastHeartbeat", t.lastHeartbeat());
                }
                to.put("commandsWaiting", t.commandsWaiting());
                terminals.add(to);
            }
            jo.put("terminals", terminals);
            list.add(jo);
        }
        JsonObject root = new JsonObject();
        root.put("limit", limit);
        root.put("gateways", list);
        return root;
    }

    /** Every gateway of every doorface component of the context (a component may be registered under any name). */
    static List<DoorfaceGateway> gateways(CamelContext context) {
        List<DoorfaceGateway> all = new ArrayList<>();
        for (String name : context.getComponentNames()) {
            Component component = context.hasComponent(name);
            if (component instanceof DoorfaceComponent doorface) {
                all.addAll(doorface.getGateways());
            }
        }
        all.sort(Comparator.comparing(g -> g.settings().address()));
        return all;
    }

    static int limit(Map<String, Object> options) {
        Object value = options == null ? null : options.get(LIMIT);
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            return Math.max(0, Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT;
        }
    }

    private static int port(DoorfaceGateway gateway) {
        int actual = gateway.actualPort();
        return actual > 0 ? actual : gateway.settings().port();
    }

    private static String url(DoorfaceGateway gateway) {
        return (gateway.settings().ssl() != null ? "wss://" : "ws://") + gateway.settings().host() + ":" + port(gateway)
               + gateway.settings().path();
    }

    private static String when(long epochMillis) {
        return epochMillis <= 0 ? "-" : Instant.ofEpochMilli(epochMillis) + " (" + TimeUtils.printSince(epochMillis)
                                        + " ago)";
    }
}
