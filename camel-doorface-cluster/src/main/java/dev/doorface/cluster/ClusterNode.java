package dev.doorface.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.cluster.LocalGateway;
import dev.doorface.camel.exception.DoorfaceException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.protocol.Answer;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's life in a cluster: its epoch and lease in the directory, its registrations there, and its commands to
 * and from the other nodes over NATS.
 */
final class ClusterNode implements ClusterMembership {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** Threads looking terminals up for commands, and lookups that may wait for one (then a command fails). */
    static final int LOOKUP_THREADS = 4;
    static final int MAX_LOOKUPS_WAITING = 10_000;
    /** Terminals on other nodes whose place is remembered at most. */
    static final int MAX_LOCATED = 100_000;

    private final DoorfaceCluster config;
    private final String name;
    private final LocalGateway gateway;
    private final TerminalDirectory directory;
    private final long leaseMillis;
    /** The registrations this node made, by sn: claimed again if the cluster took this node for dead meanwhile. */
    private final Map<String, Long> claims = new ConcurrentHashMap<>();
    /** Registrations whose claim failed (the database was away): retried at each renewal. */
    private final Map<String, Long> unclaimed = new ConcurrentHashMap<>();
    /**
     * Where terminals on other nodes were found, so that a command to one costs no lookup: a node that does not hold
     * the terminal (any more), or that is gone, makes the sender look it up again.
     */
    private final Map<String, Long> located = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /**
     * Directory lookups for commands, on threads of their own with a bounded queue: a flood of commands for terminals
     * that are nowhere must not hold up the gateway's workers, which admit registrations.
     */
    private final ThreadPoolExecutor lookups;
    private long epoch;
    private NodeBus bus;
    private volatile RemoteCommands remote;
    private volatile boolean leaving;
    private volatile long lastRenewed;

    ClusterNode(DoorfaceCluster config, String name, LocalGateway gateway) {
        this.config = config;
        this.name = name;
        this.gateway = gateway;
        this.directory = new TerminalDirectory(config.getDataSource(), config.getClusterName());
        this.leaseMillis = config.getLeaseMillis();
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_LOOKUPS_WAITING), r -> {
                    Thread t = new Thread(r, "doorface-cluster-lookup[" + name + "]");
                    t.setDaemon(true);
                    return t;
                });
        lookups.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doorface-cluster[" + name + "]");
            t.setDaemon(true);
            return t;
        });
    }

    /** Joins: a new epoch in the directory, then the subscriptions, then the lease renewal. Blocking. */
    ClusterNode start() throws Exception {
        try {
            directory.createTables();
            epoch = directory.join(name, gateway.address(), leaseMillis);
            bus = new NodeBus(config.getNatsUrl(), config.getClusterName(), epoch, name);
            remote = new RemoteCommands(bus, timer);
            bus.listen(new CommandResponder(gateway, bus), this::onControl, remote::onReply);
        } catch (Exception e) {
            stopQuietly();
            if (epoch != 0) {
                directory.leave(epoch);
            }
            throw e;
        }
        lastRenewed = System.nanoTime();
        long period = Math.max(100, leaseMillis / 3);
        timer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Gateway {} joined cluster {} as node {} (epoch {}, lease {} ms, NATS {})", gateway.address(),
                config.getClusterName(), name, epoch, leaseMillis, config.getNatsUrl());
        return this;
    }

    long epoch() {
        return epoch;
    }

    int remoteWaiting() {
        RemoteCommands commands = remote;
        return commands == null ? 0 : commands.waiting();
    }

    @Override
    public void claim(String sn, long sessionId) {
        claims.put(sn, sessionId);
        TerminalDirectory.Holder replaced;
        try {
            replaced = directory.claim(sn, epoch, sessionId);
            unclaimed.remove(sn, sessionId);
        } catch (RuntimeException e) {
            unclaimed.put(sn, sessionId);
            throw e;
        }
        if (replaced != null && replaced.epoch() != epoch) {
            // the older registration is on another node: that node closes it, unless it is newer there meanwhile
            try {
                bus.publish(bus.controlSubject(replaced.epoch()), null, new Headers()
                        .add(BusHeaders.CONTROL, BusHeaders.REPLACED)
                        .add(BusHeaders.SN, sn)
                        .add(BusHeaders.SESSION, Long.toString(replaced.sessionId())), new byte[0]);
            } catch (RuntimeException e) {
                // recorded all the same: commands come here; the older connection ends by itself (heartbeats)
                LOG.warn("Terminal {} registered here, but node epoch {} could not be told to close its older"
                         + " connection: {}", sn, replaced.epoch(), e.toString());
            }
        }
    }

    /**
     * A registration of a while ago, recorded now unless the terminal registered on another live node meanwhile:
     * that one is newer, so this node's connection is the stale one and is closed.
     */
    private void claimAgain(String sn, long sessionId) {
        boolean recorded = directory.claimUnlessHeld(sn, epoch, sessionId);
        unclaimed.remove(sn, sessionId);
        if (!recorded) {
            claims.remove(sn, sessionId);
            gateway.closeReplaced(sn, sessionId, "registered on another node while this node was out of the cluster");
        }
    }

    @Override
    public void release(String sn, long sessionId) {
        claims.remove(sn, sessionId);
        unclaimed.remove(sn, sessionId);
        directory.release(sn, epoch, sessionId);
    }

    @Override
    public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
        Long known = located.get(sn);
        if (known != null) {
            return sendTo(known, sn, command, true);
        }
        return locate(sn).thenCompose(node -> sendTo(node, sn, command, true));
    }

    /** Looks sn up in the directory (on a worker: it blocks) and remembers where it is. */
    private CompletableFuture<Long> locate(String sn) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        try {
            lookups.execute(() -> {
                try {
                    Long node = directory.locate(sn);
                    if (node != null && node != epoch) {
                        remember(sn, node);
                    }
                    result.complete(node);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DoorfaceException(sn, "Terminal " + sn + " cannot be looked up now: "
                    + MAX_LOOKUPS_WAITING + " directory lookups are waiting already"));
        }
        return result;
    }

    private void remember(String sn, long node) {
        if (located.size() >= MAX_LOCATED) {
            located.clear(); // a bound, not a policy: thousands of lookups refill what is in use
        }
        located.put(sn, node);
    }

    /** Sends to the node the directory named; a node that does not hold sn makes one more lookup. */
    private CompletableFuture<Answer> sendTo(Long node, String sn, OutboundCommand command, boolean mayRetry) {
        if (node == null || node == epoch) {
            // held nowhere, or by this node's directory row while the terminal is not connected here (it is leaving)
            return CompletableFuture.failedFuture(new TerminalNotConnectedException(sn));
        }
        return remote.send(node, sn, command).handle((answer, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof RemoteCommands.NotHereException) {
                located.remove(sn, node);
                if (!mayRetry) {
                    return CompletableFuture.<Answer> failedFuture(new TerminalNotConnectedException(sn));
                }
                return locate(sn).thenCompose(again -> again != null && again.longValue() != node.longValue()
                        ? sendTo(again, sn, command, false)
                        : CompletableFuture.<Answer> failedFuture(new TerminalNotConnectedException(sn)));
            }
            return error != null ? CompletableFuture.<Answer> failedFuture(cause) : CompletableFuture.completedFuture(answer);
        }).thenCompose(f -> f);
    }

    @Override
    public List<String> terminals() {
        return directory.terminals();
    }

    @Override
    public void commandsQueued(String sn) {
        Long node = directory.locate(sn);
        if (node != null && node != epoch) {
            bus.publish(bus.controlSubject(node), null, new Headers()
                    .add(BusHeaders.CONTROL, BusHeaders.QUEUED)
                    .add(BusHeaders.SN, sn), new byte[0]);
        }
    }

    private void onControl(Message message) {
        Headers headers = message.getHeaders();
        if (headers == null) {
            return;
        }
        String sn = headers.getFirst(BusHeaders.SN);
        String control = headers.getFirst(BusHeaders.CONTROL);
        if (sn == null) {
            return;
        }
        if (BusHeaders.REPLACED.equals(control)) {
            try {
                gateway.closeReplaced(sn, Long.parseLong(headers.getFirst(BusHeaders.SESSION)),
                        "a newer registration on another node");
            } catch (NumberFormatException e) {
                LOG.debug("Control message without a session for {}", sn);
            }
        } else if (BusHeaders.QUEUED.equals(control)) {
            gateway.commandsQueued(sn);
        }
    }

    /**
     * Extends the lease; puts the node back (with its terminals) if others took it for dead; retries claims that
     * failed; ends the commands waiting for nodes that are gone; now and then forgets nodes long dead.
     */
    private void renew() {
        if (leaving) {
            return;
        }
        try {
            if (!directory.renew(epoch, leaseMillis)) {
                LOG.warn("Node {} of cluster {} was taken for dead (its lease ran out); joining again with its {}"
                         + " terminals", name, config.getClusterName(), claims.size());
                directory.rejoin(epoch, name, gateway.address(), leaseMillis);
                unclaimed.putAll(claims);
            }
            lastRenewed = System.nanoTime();
            for (Map.Entry<String, Long> entry : unclaimed.entrySet()) {
                if (entry.getValue().equals(claims.get(entry.getKey()))) {
                    claimAgain(entry.getKey(), entry.getValue());
                } else {
                    unclaimed.remove(entry.getKey(), entry.getValue());
                }
            }
            Set<Long> live = directory.liveEpochs();
            remote.nodesGone(live);
            directory.purge(leaseMillis * 6);
        } catch (RuntimeException e) {
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRenewed);
            LOG.warn("Node {} could not renew its lease in cluster {} for {} ms: {}", name, config.getClusterName(),
                    silentMillis, e.getMessage());
        }
    }

    @Override
    public String nodeName() {
        return name;
    }

    @Override
    public boolean current() {
        return !leaving && System.nanoTime() - lastRenewed < TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    }

    @Override
    public void leave() {
        leaving = true;
        timer.shutdownNow();
        if (remote != null) {
            remote.close();
        }
        try {
            directory.leave(epoch);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not leave cluster {} cleanly (its lease ends by itself): {}", name,
                    config.getClusterName(), e.getMessage());
        }
        stopQuietly();
        config.left(name);
        LOG.info("Gateway {} left cluster {}", gateway.address(), config.getClusterName());
    }

    private void stopQuietly() {
        timer.shutdownNow();
        lookups.shutdownNow();
        if (bus != null) {
            try {
                bus.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
