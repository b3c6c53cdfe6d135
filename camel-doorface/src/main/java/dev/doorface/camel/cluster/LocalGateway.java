package dev.doorface.camel.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.protocol.Answer;

/** What a cluster member sees of the gateway it runs for: the terminals connected here, and a way to reach them. */
public interface LocalGateway {

    /** The gateway's host:port, as its endpoints name it. */
    String address();

    /**
     * Sends a command to a terminal connected to this gateway, through its mailbox (in order, one in flight).
     *
     * @return the answer, or fails as the producer would: not connected here, disconnected, timed out
     */
    CompletableFuture<Answer> send(String sn, OutboundCommand command);

    /** The terminals connected to this gateway now, sorted. */
    List<String> terminals();

    /**
     * Closes the connection of sn with 4001 (replaced) if it is still the one with this session id: another node holds
     * a newer registration of the terminal. A newer connection here is left alone.
     *
     * @return true when a connection was closed
     */
    boolean closeReplaced(String sn, long sessionId, String reason);

    /** Commands were stored for sn (whenOffline=queue): deliver them if sn is connected here and queueing is on. */
    void commandsQueued(String sn);

    /** Threads that may block (a database, a broker): never an event loop. */
    Executor worker();
}
