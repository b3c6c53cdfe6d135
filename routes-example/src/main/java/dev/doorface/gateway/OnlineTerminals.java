package dev.doorface.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.gateway.DoorfaceGateway;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Which terminals are online, for the REST API, the page and the scheduled reconcile. On a single node the terminal
 * table's flag says it (the routes set it on registration and disconnection). On a node of a cluster the flag cannot:
 * a terminal moving from node A to B is set online by B and then offline by A's disconnection, and a node that dies
 * leaves its terminals online for ever. There the terminal directory says it: the terminals held by the nodes whose
 * lease runs (the component's {@code router().terminals()}).
 */
public class OnlineTerminals {

    /** Registry name. */
    public static final String BEAN = "onlineTerminals";

    private final boolean clusterNode;
    private final String host;
    private final int port;

    /** @param host, port the doorface endpoint's address, whose gateway knows the terminals connected */
    OnlineTerminals(boolean clusterNode, String host, int port) {
        this.clusterNode = clusterNode;
        this.host = host;
        this.port = port;
    }

    /** Whether the terminal is connected: to this gateway, or on a node of a cluster to any live node. */
    boolean connected(CamelContext context, String sn) {
        return connectedNow(context).contains(sn);
    }

    /** The terminals connected: to this gateway, or on a node of a cluster to any live node (the directory). */
    List<String> connectedNow(CamelContext context) {
        DoorfaceComponent component = context.getComponent("doorface", DoorfaceComponent.class);
        DoorfaceGateway gateway = component == null ? null : component.getGateway(host, port);
        return gateway == null ? List.of() : gateway.router().terminals();
    }

    /** Whether "online" comes from the directory (a node of a cluster) rather than the terminal table's flag. */
    boolean fromDirectory() {
        return clusterNode;
    }

    /**
     * The rows of GET /api/devices (a camel-jdbc body): on a node of a cluster each row's online is set from the
     * directory; on a single node they are left as the table says.
     */
    public void devices(Exchange exchange) {
        if (!clusterNode || !(exchange.getMessage().getBody() instanceof List<?> rows)) {
            return;
        }
        Set<String> online = new HashSet<>(connectedNow(exchange.getContext()));
        for (Object row : rows) {
            if (row instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> columns = (Map<String, Object>) map;
                columns.put("online", online.contains(String.valueOf(columns.get("sn"))));
            }
        }
    }

    /** The scheduled reconcile's terminals on a node of a cluster, as rows {sn}: every terminal of every live node. */
    public List<Map<String, Object>> rows(Exchange exchange) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String sn : connectedNow(exchange.getContext())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sn", sn);
            rows.add(row);
        }
        return rows;
    }
}
