package dev.doorface.gateway;

import static dev.doorface.gateway.GatewayBeans.setting;

import javax.sql.DataSource;

import dev.doorface.cluster.DoorfaceCluster;
import dev.doorface.cluster.lock.PostgresLockClusterService;
import org.apache.camel.CamelContext;

/**
 * The settings that make the gateway a node of a cluster ({@code cluster.*}): with {@code cluster.bus} (a NATS URL)
 * set, the gateway joins the cluster named {@code cluster.name} through the shared PostgreSQL database of
 * {@code db.url}: terminals may connect to any node, and commands, the REST API and the page reach them from any node.
 * With {@code cluster.bus} empty the gateway is a single node, as before, and needs neither broker nor PostgreSQL.
 *
 * @param bus         cluster.bus: the NATS server(s), or "" for a single node
 * @param node        cluster.node: this node's name, or "" for the host's name and doorface.port
 * @param name        cluster.name: the cluster's name (prefixes NATS subjects, keys directory rows and locks)
 * @param leaseMillis cluster.leaseMillis: how long a node's terminals stay its own after its last renewal
 */
public record ClusterSettings(String bus, String node, String name, long leaseMillis) {

    /** Registry name. */
    public static final String BEAN = "clusterSettings";

    /** Reads the settings; fails with one line when they cannot make a node (a database other than PostgreSQL). */
    static ClusterSettings read(CamelContext context) {
        ClusterSettings settings = new ClusterSettings(setting(context, "cluster.bus"),
                setting(context, "cluster.node"), setting(context, "cluster.name"),
                leaseMillis(setting(context, "cluster.leaseMillis")));
        if (settings.on()) {
            String dbUrl = setting(context, "db.url");
            if (!dbUrl.startsWith("jdbc:postgresql:")) {
                // every node must see the same terminal directory, queue and events: an H2 file is one node's
                throw new GatewayStartupException("cluster.bus is set, so db.url must name the PostgreSQL database"
                                                  + " every node shares (jdbc:postgresql://...), not "
                                                  + (dbUrl.isEmpty() ? "the embedded H2 file"
                                                          : GatewayDatabase.withoutParameters(dbUrl)));
            }
            if (settings.name().isEmpty()) {
                throw new GatewayStartupException("cluster.name must not be empty with cluster.bus set");
            }
        }
        return settings;
    }

    /** Whether cluster.bus names a NATS server: the gateway is then a node of a cluster. */
    public boolean on() {
        return !bus.isEmpty();
    }

    /** Whether the gateway of this context is a node of a cluster. */
    static boolean on(CamelContext context) {
        return !setting(context, "cluster.bus").isEmpty();
    }

    /** The component's cluster option for these settings, on the shared database. */
    DoorfaceCluster cluster(DataSource dataSource) {
        DoorfaceCluster cluster = new DoorfaceCluster(dataSource, bus);
        cluster.setClusterName(name);
        if (!node.isEmpty()) {
            cluster.setNodeName(node);
        }
        cluster.setLeaseMillis(leaseMillis);
        return cluster;
    }

    /**
     * The Camel cluster service the {@code master:} routes (HR drop, scheduled reconcile) elect their node with: a
     * PostgreSQL advisory lock per namespace in the shared database, keyed by the cluster's name as well, so clusters
     * sharing a database never share a leader. A node that dies loses its locks when PostgreSQL sees its connection
     * close.
     */
    PostgresLockClusterService lockService(DataSource dataSource) {
        PostgresLockClusterService service = new PostgresLockClusterService(node.isEmpty() ? null : node, dataSource);
        service.setClusterName(name);
        return service;
    }

    /**
     * The consumer URI of a route that runs on one node at a time in a cluster ({@code master:namespace:uri}); on a
     * single node the URI as it is.
     */
    static String oneNodeAtATime(CamelContext context, String namespace, String uri) {
        return on(context) ? "master:" + namespace + ":" + uri : uri;
    }

    private static long leaseMillis(String value) {
        try {
            return Long.parseLong(value.isEmpty() ? "10000" : value);
        } catch (NumberFormatException e) {
            throw new GatewayStartupException("cluster.leaseMillis must be a number of milliseconds, not '" + value
                                              + "'");
        }
    }
}
