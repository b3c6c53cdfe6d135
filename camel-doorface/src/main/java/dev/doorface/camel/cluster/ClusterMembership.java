package dev.doorface.camel.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.protocol.Answer;

/**
 * A gateway's membership of a cluster, from its start to its stop. The gateway calls {@link #claim} and
 * {@link #release} on worker threads, in the order its terminals' connections came and went (a terminal's events
 * lane), so a release never overtakes the claim of a newer connection of the same terminal.
 */
public interface ClusterMembership {

    /**
     * A terminal registered on this gateway with this connection: the newest registration of a terminal wins, so a
     * node holding an older one closes it. Blocking.
     */
    void claim(String sn, long sessionId);

    /** The connection of sn ended: forget it in the cluster, unless a newer registration holds sn. Blocking. */
    void release(String sn, long sessionId);

    /**
     * Sends a command to a terminal that is not connected to this gateway, on whatever node holds it.
     *
     * @return the answer, or fails with the producer's typed exceptions: not connected (on no node), disconnected
     *         (its connection or its node went while the command waited), timed out
     */
    CompletableFuture<Answer> send(String sn, OutboundCommand command);

    /** The terminals registered on every live node, this one included, sorted. Blocking. */
    List<String> terminals();

    /** Commands were stored for sn: the node holding it delivers them now. Blocking. */
    void commandsQueued(String sn);

    /** The gateway stopped taking connections and closed its terminals: leave the cluster. Blocking. */
    void leave();

    /** This node's name in the cluster (health details, logs). */
    String nodeName();

    /**
     * Whether the other nodes count this node in now: its lease was renewed within its length, so commands from them
     * reach its terminals. Read by health checks: never blocks.
     */
    boolean current();
}
