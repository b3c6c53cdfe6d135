package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.protocol.Answer;

/**
 * Delivers commands to terminals wherever they are connected: here through the local router (no broker, no lookup),
 * elsewhere through the cluster.
 */
final class ClusteredCommandRouter implements CommandRouter {

    private final TerminalRegistry registry;
    private final CommandRouter local;
    private final ClusterMembership cluster;

    ClusteredCommandRouter(TerminalRegistry registry, CommandRouter local, ClusterMembership cluster) {
        this.registry = registry;
        this.local = local;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        if (terminal != null && terminal.session != null) {
            return local.send(sn, command);
        }
        return cluster.send(sn, command);
    }

    @Override
    public List<String> terminals() {
        return cluster.terminals();
    }
}
