package dev.doorface.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.cluster.LocalGateway;

/**
 * Gateways on several nodes as one: the terminal directory in PostgreSQL, commands between nodes over NATS. Set it as
 * the doorface component's {@code cluster} option on every node, with the same database, NATS server and cluster name:
 *
 * <pre>{@code
 * DoorfaceCluster cluster = new DoorfaceCluster(dataSource, "nats://127.0.0.1:4222");
 * context.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
 * }</pre>
 *
 * Terminals may then register on any node; a command sent on any node reaches its terminal wherever it is connected,
 * with the same answers and failures as on one node. A node that dies loses its terminals' connections, not their
 * state: its lease ends, its terminals reconnect to other nodes, and their queued commands (a JDBC command store on the
 * same database) are delivered there.
 */
public class DoorfaceCluster implements GatewayCluster {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private DataSource dataSource;
    private String natsUrl = "nats://127.0.0.1:4222";
    private String clusterName = "doorface";
    private String nodeName;
    private long leaseMillis = 10_000;
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private final Map<String, ClusterNode> nodes = new ConcurrentHashMap<>();

    public DoorfaceCluster() {
    }

    public DoorfaceCluster(DataSource dataSource, String natsUrl) {
        this.dataSource = dataSource;
        this.natsUrl = natsUrl;
    }

    @Override
    public ClusterMembership join(LocalGateway gateway) throws Exception {
        if (dataSource == null) {
            throw new IllegalArgumentException("The doorface cluster needs a dataSource (PostgreSQL)");
        }
        if (natsUrl == null || natsUrl.isBlank()) {
            throw new IllegalArgumentException("The doorface cluster needs natsUrl (for example nats://127.0.0.1:4222)");
        }
        if (!TOKEN.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("Cluster name '" + clusterName + "' must be 1 to 64 letters, digits,"
                                               + " '-' or '_' (it starts every NATS subject of the cluster)");
        }
        if (leaseMillis < 300) {
            throw new IllegalArgumentException("leaseMillis must be at least 300, got " + leaseMillis);
        }
        String name = nodeName != null ? nodeName : defaultName(gateway.address());
        if (!joined.add(name)) {
            throw new IllegalArgumentException("Node " + name + " is in cluster " + clusterName + " already: give each"
                                               + " gateway of a JVM its own nodeName");
        }
        try {
            ClusterNode node = new ClusterNode(this, name, gateway).start();
            nodes.put(name, node);
            return node;
        } catch (Exception e) {
            joined.remove(name);
            throw e;
        }
    }

    void left(String name) {
        nodes.remove(name);
        joined.remove(name);
    }

    /** Commands this JVM's nodes sent to terminals on other nodes and still wait for. */
    public int commandsWaitingElsewhere() {
        return nodes.values().stream().mapToInt(ClusterNode::remoteWaiting).sum();
    }

    /** This host's name and the gateway's port: unique per node as long as hosts have names of their own. */
    static String defaultName(String gatewayAddress) {
        String port = gatewayAddress.substring(gatewayAddress.lastIndexOf(':') + 1);
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return gatewayAddress;
        }
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The PostgreSQL database every node shares; the cluster's tables are created in it when missing. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getNatsUrl() {
        return natsUrl;
    }

    /** The NATS server (or servers, comma separated) the nodes reach each other through. */
    public void setNatsUrl(String natsUrl) {
        this.natsUrl = natsUrl;
    }

    public String getClusterName() {
        return clusterName;
    }

    /**
     * Names the cluster: it prefixes every NATS subject and keys every directory row, so clusters sharing a NATS server
     * or a database never meet. Letters, digits, '-' and '_'. Default doorface.
     */
    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public String getNodeName() {
        return nodeName;
    }

    /**
     * Names this node; default the host's name and the gateway's port. A node starting under a name forgets what a
     * previous life under the same name held, so two live nodes must never share one.
     */
    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public long getLeaseMillis() {
        return leaseMillis;
    }

    /**
     * How long a node's terminals stay its own after its last renewal (it renews every third of it): a node that dies
     * is known dead this long after, and commands waiting for it end then. Default 10,000.
     */
    public void setLeaseMillis(long leaseMillis) {
        this.leaseMillis = leaseMillis;
    }
}
