package dev.doorface.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.cluster.LocalGateway;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.protocol.Answer;

/**
 * A cluster of the test's own for the gateway's side of the cluster seam: this node, with the other nodes played by
 * the test. It records the claims, hands the gateway's commands for terminals not connected here to
 * {@link #otherNodes} (by default no node holds them), and counts this node in while {@link #current}.
 * camel-doorface-cluster tests the real one, on PostgreSQL and NATS.
 */
final class TestCluster implements GatewayCluster, ClusterMembership {

    volatile boolean current = true;
    /** The gateway that joined, to play the other nodes' calls into it (a takeover, commands queued). */
    volatile LocalGateway gateway;
    final Map<String, Long> claims = new ConcurrentHashMap<>();
    final List<String> sentToOtherNodes = new CopyOnWriteArrayList<>();
    volatile Function<OutboundCommand, CompletableFuture<Answer>> otherNodes;

    @Override
    public ClusterMembership join(LocalGateway gateway) {
        this.gateway = gateway;
        return this;
    }

    @Override
    public void claim(String sn, long sessionId) {
        claims.put(sn, sessionId);
    }

    @Override
    public void release(String sn, long sessionId) {
    }

    @Override
    public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
        sentToOtherNodes.add(sn);
        Function<OutboundCommand, CompletableFuture<Answer>> answering = otherNodes;
        return answering != null ? answering.apply(command)
                : CompletableFuture.failedFuture(new TerminalNotConnectedException(sn));
    }

    @Override
    public List<String> terminals() {
        return List.of();
    }

    @Override
    public void commandsQueued(String sn) {
    }

    @Override
    public void leave() {
    }

    @Override
    public String nodeName() {
        return "node-1";
    }

    @Override
    public boolean current() {
        return current;
    }
}
