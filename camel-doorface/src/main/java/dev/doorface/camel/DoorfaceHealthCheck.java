package dev.doorface.camel;

import java.util.Map;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.gateway.DoorfaceGateway;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness and liveness of a doorface consumer or producer, judged by its gateway. Readiness: UP while the gateway
 * listens and takes connections, DOWN before it listens, while it stops and after, and while its node of a cluster
 * could not renew its lease (the other nodes then take it for dead). Liveness: DOWN only when the
 * gateway's server is gone although it should run (not bound, or its Vert.x closed). Terminals coming and going are
 * details, never DOWN: a gateway with no terminal is ready for them.
 */
public abstract class DoorfaceHealthCheck extends NamedHealthCheck {

    static final String GATEWAY = "doorface.gateway";
    static final String TERMINALS = "doorface.terminals";
    static final String CONNECTIONS = "doorface.connections";
    static final String COMMANDS_WAITING = "doorface.commandsWaiting";
    static final String CLUSTER_NODE = "doorface.clusterNode";

    protected DoorfaceHealthCheck(String id) {
        super(id);
    }

    /** The gateway of the consumer or producer, or null while it is not started. */
    protected abstract DoorfaceGateway gateway();

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        DoorfaceGateway gateway = gateway();
        if (gateway == null) {
            return builder.down().message("Doorface gateway is not started").build();
        }
        builder.detail(GATEWAY, gateway.settings().address() + gateway.settings().path());
        boolean liveness = options != null && options.get(CHECK_KIND) == Kind.LIVENESS;
        if (liveness ? !gateway.isAlive() : !gateway.isListening()) {
            return builder.down().message(liveness ? "Doorface gateway's server is not running"
                    : "Doorface gateway is not listening").build();
        }
        ClusterMembership cluster = gateway.clusterMembership();
        if (cluster != null) {
            builder.detail(CLUSTER_NODE, cluster.nodeName());
            if (!liveness && !cluster.current()) {
                // the other nodes take this one for dead: a load balancer should send terminals elsewhere
                return builder.down().message("Doorface gateway's node " + cluster.nodeName()
                                              + " could not renew its lease in the cluster").build();
            }
        }
        // all counted without locks: a probe never holds back a terminal
        return builder.up()
                .detail(TERMINALS, gateway.registeredTerminals())
                .detail(CONNECTIONS, gateway.connections())
                .detail(COMMANDS_WAITING, gateway.commandsWaiting())
                .build();
    }
}
