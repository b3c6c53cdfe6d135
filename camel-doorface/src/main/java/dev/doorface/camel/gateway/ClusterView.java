package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import dev.doorface.camel.cluster.LocalGateway;
import dev.doorface.camel.protocol.Answer;

/** The gateway as its cluster membership sees it: only the terminals connected here. */
final class ClusterView implements LocalGateway {

    private final DoorfaceGateway gateway;
    private final CommandRouter local;

    ClusterView(DoorfaceGateway gateway, CommandRouter local) {
        this.gateway = gateway;
        this.local = local;
    }

    @Override
    public String address() {
        return gateway.settings().address();
    }

    @Override
    public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
        return local.send(sn, command);
    }

    @Override
    public List<String> terminals() {
        return local.terminals();
    }

    @Override
    public boolean closeReplaced(String sn, long sessionId, String reason) {
        return gateway.closeReplaced(sn, sessionId, reason);
    }

    @Override
    public void commandsQueued(String sn) {
        CommandQueue queue = gateway.queue();
        if (queue != null) {
            queue.kick(sn);
        }
    }

    /** The gateway's workers; refuses work (RejectedExecutionException) while the gateway is stopped. */
    @Override
    public Executor worker() {
        return command -> {
            ExecutorService pool = gateway.worker();
            if (pool == null) {
                throw new RejectedExecutionException("gateway " + address() + " is stopped");
            }
            pool.execute(command);
        };
    }
}
