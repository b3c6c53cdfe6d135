package dev.doorface.camel.cluster;

/**
 * Spreads the terminals of a gateway over several nodes: set one as the component's {@code cluster} option and every
 * gateway of the component joins it when it starts. Terminals then register on whichever node they reach, and a
 * command sent on any node reaches its terminal wherever it is connected. Without one (the default) a gateway serves
 * only the terminals connected to it, and needs no broker or database.
 * <p>
 * The implementation in {@code camel-doorface-cluster} keeps the terminal directory in PostgreSQL and carries commands
 * between nodes over NATS.
 */
public interface GatewayCluster {

    /**
     * The gateway is starting: it becomes a member of the cluster, before it takes connections. Blocking.
     *
     * @throws Exception when the cluster cannot be reached; the gateway then does not start
     */
    ClusterMembership join(LocalGateway gateway) throws Exception;
}
