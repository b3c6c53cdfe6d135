package dev.doorface.camel.gateway;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.gateway.admission.TerminalGatekeeper;
import dev.doorface.camel.metrics.GatewayMetrics;
import dev.doorface.camel.metrics.MetricsPublication;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.FrameCodec;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket server terminals dial in to, with the registry of the terminals on it. Shared by every endpoint
 * naming its host and port; the component starts it with the first and stops it with the last.
 */
public final class DoorfaceGateway extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DoorfaceGateway.class);
    /** Seconds a terminal gets to answer our close frame before its TCP connection is cut. */
    private static final int CLOSING_TIMEOUT_SECONDS = 3;
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final int BIND_ATTEMPTS = 20;
    private static final long BIND_RETRY_MILLIS = 100;
    /** HTTP status of a handshake refused because the gateway holds maxConnections already. */
    static final int REFUSED_FULL = 503;

    private final CamelContext camelContext;
    private final Vertx vertx;
    private final GatewaySettings settings;
    /** The answer to every admitted registration (205): the same text for all, so written once. */
    private final String registrationAnswer;
    private final TerminalRegistry registry;
    private final Set<TerminalSession> connections = ConcurrentHashMap.newKeySet();
    /**
     * One per event loop thread that has accepted a connection: the terminals' heartbeat expiry. By thread, not by
     * context: each connection may run on a context of its own (Vert.x duplicates the event loop's).
     */
    private final Map<Thread, SilenceWatch> silenceWatches = new ConcurrentHashMap<>();
    private final EventDispatcher dispatcher = new EventDispatcher();
    private final CommandRouter localRouter;
    /** The local router, or the clustered one while the gateway is a member of a cluster. */
    private volatile CommandRouter router;
    private final GatewayCluster cluster;
    /** This gateway's membership of the cluster while it runs; null without a cluster. */
    private volatile ClusterMembership membership;
    private final TerminalGatekeeper gatekeeper;
    private final GatewayMetrics metrics;
    /** JMX and Micrometer views of the metrics while the gateway runs. */
    private MetricsPublication publication;
    /** Connections accepted and not yet ended, counted before the session exists so that maxConnections holds. */
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong answerBufferPeak = new AtomicLong();
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10_000);
    private final List<ServerInstance> instances = new CopyOnWriteArrayList<>();
    private ExecutorService worker;
    private final Set<String> reconciling = ConcurrentHashMap.newKeySet();
    // read by health checks from any thread
    private volatile String deploymentId;
    private volatile boolean quiesced;
    /** The stored commands' delivery, once a producer asked for queueing; null until then. */
    private volatile CommandQueue queue;

    public DoorfaceGateway(CamelContext camelContext, Vertx vertx, GatewaySettings settings) {
        this(camelContext, vertx, settings, null);
    }

    /** @param cluster the cluster to join when starting, or null to serve the terminals connected here only */
    public DoorfaceGateway(CamelContext camelContext, Vertx vertx, GatewaySettings settings, GatewayCluster cluster) {
        this.camelContext = camelContext;
        this.cluster = cluster;
        this.vertx = vertx;
        this.settings = settings;
        this.registrationAnswer = FrameCodec.response(FrameCodec.OK, settings.heartbeatIntervalSeconds(), "");
        this.registry = new TerminalRegistry(sn -> new TerminalMailbox(vertx, sn, () -> queue != null, metrics()));
        this.metrics = new GatewayMetrics(registry::size, connections::size);
        this.localRouter = new LocalCommandRouter(registry, metrics);
        this.router = localRouter;
        this.gatekeeper = new TerminalGatekeeper(settings.admission());
    }

    /** The answer to an admitted registration. */
    String registrationAnswer() {
        return registrationAnswer;
    }

    public GatewaySettings settings() {
        return settings;
    }

    public CommandRouter router() {
        return router;
    }

    /** Counters of terminals, events and commands (published through JMX and Micrometer while running). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** How the metrics are published now, or null while the gateway is stopped. */
    public MetricsPublication metricsPublication() {
        return publication;
    }

    /**
     * Switches queueing on with this store (the first producer asking for it does): from now on a registering
     * terminal gets its stored commands before direct ones. One store per gateway.
     *
     * @throws IllegalArgumentException when queueing is on with another store
     */
    public synchronized CommandQueue enableQueue(dev.doorface.camel.queue.CommandStore store, long requestTimeout) {
        if (queue != null) {
            if (queue.store() != store) {
                throw new IllegalArgumentException("Gateway " + settings.address() + " already queues commands in "
                                                   + queue.store() + "; every endpoint of a gateway must name the"
                                                   + " same commandStore");
            }
            return queue;
        }
        CommandQueue created = new CommandQueue(this, store, requestTimeout);
        queue = created;
        created.start();
        created.adopt(CommandQueue.connected(registry));
        return created;
    }

    /** The stored commands' delivery, or null when no producer asked for queueing. */
    public CommandQueue queue() {
        return queue;
    }

    TerminalRegistry registry() {
        return registry;
    }

    /** Threads for routes and producer callbacks: never the event loop. */
    public ExecutorService worker() {
        return worker;
    }

    /**
     * Marks a reconcile of this terminal as running: one at a time per terminal, so that its pace is the terminal's
     * and two lists do not fight over its users.
     *
     * @return false when one is running already
     */
    public boolean startReconcile(String sn) {
        return reconciling.add(sn);
    }

    /** Marks the reconcile of this terminal as ended. */
    public void endReconcile(String sn) {
        reconciling.remove(sn);
    }

    /**
     * Completes after this many milliseconds, on a Vert.x timer: a pause that holds no thread. The caller continues
     * on {@link #worker()}, never on the event loop that completes it.
     */
    public CompletableFuture<Void> after(long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (millis <= 0) {
            done.complete(null);
        } else {
            vertx.setTimer(millis, id -> done.complete(null));
        }
        return done;
    }

    /** The port actually bound (differs from the settings when they ask for port 0). */
    public int actualPort() {
        return deploymentId == null || instances.isEmpty() ? -1 : instances.get(0).actualPort();
    }

    /**
     * Liveness: the server instances are deployed and bound on a Vert.x that is not closed (closing Vert.x undeploys
     * every verticle, so its deployment ids tell).
     */
    public boolean isAlive() {
        String id = deploymentId;
        return id != null && actualPort() > 0 && vertx.deploymentIDs().contains(id);
    }

    /** Readiness: alive and taking connections (not stopping). */
    public boolean isListening() {
        return isAlive() && !quiesced;
    }

    /** This gateway's membership of its cluster while it runs, or null (no cluster, or stopped). */
    public ClusterMembership clusterMembership() {
        return membership;
    }

    /**
     * Connections whose silence is watched, over every event loop (tests; read off the event loops it may lag a
     * connection that is opening or closing just then).
     */
    public int watchedConnections() {
        int watched = 0;
        for (SilenceWatch watch : silenceWatches.values()) {
            watched += watch.watched();
        }
        return watched;
    }

    /** Silence watches running: one per event loop that has accepted a connection (tests). */
    public int silenceWatchCount() {
        return silenceWatches.size();
    }

    /** Commands waiting in the terminals' mailboxes: queued for sending and in flight (not stored ones). */
    public int commandsWaiting() {
        return registry.commandsWaiting();
    }

    /** The registered terminals with the smallest serial numbers, at most limit, sorted by sn. */
    public List<TerminalView> terminals(int limit) {
        return registry.first(limit);
    }

    public void addSink(EventSink sink) {
        dispatcher.add(sink);
    }

    public void removeSink(EventSink sink) {
        dispatcher.remove(sink);
    }

    public int registeredTerminals() {
        return registry.size();
    }

    public int connections() {
        return connections.size();
    }

    /** Connections whose socket is not read now because too many of their reports wait. */
    public int pausedConnections() {
        return (int) connections.stream().filter(TerminalSession::paused).count();
    }

    /**
     * Names of the event-loop threads serving the connections open now (each connection is served by the thread that
     * accepted it, for its whole life).
     */
    public Set<String> connectionThreads() {
        Set<String> threads = new TreeSet<>();
        connections.forEach(session -> threads.add(session.eventLoopThread()));
        return threads;
    }

    Vertx vertx() {
        return vertx;
    }

    /** Who may connect and register; consulted before the registry is touched. */
    TerminalGatekeeper gatekeeper() {
        return gatekeeper;
    }

    /**
     * Makes the session the holder of its sn and hands its REGISTERED event to the terminal's lane, after any event
     * of an earlier connection of the same terminal. An older connection of the sn is closed (4001).
     */
    CompletableFuture<EventDispatcher.Outcome> register(String sn, TerminalSession session,
            TerminalRegistered registered) {
        ClusterMembership member = membership;
        TerminalRegistry.Registration<EventDispatcher.Outcome> registration = registry.register(sn, session,
                member == null ? () -> dispatcher.dispatch(registered, session.remoteAddress(), worker)
                        : () -> claimed(member, sn, session.id)
                                .thenCompose(v -> dispatcher.dispatch(registered, session.remoteAddress(), worker)));
        TerminalSession replaced = registration.replaced();
        if (replaced != null) {
            LOG.info("Terminal {} registered again from {}: closing its older connection from {}", sn,
                    session.remoteAddress(), replaced.remoteAddress());
            replaced.close(TerminalSession.CLOSE_REPLACED, "replaced by a newer connection");
        }
        return registration.registered();
    }

    /** The session's registration has been answered: commands waiting for its terminal go out now. */
    void releaseCommands(String sn) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        if (terminal != null) {
            terminal.mailbox.release();
        }
        CommandQueue commands = queue;
        if (commands != null) {
            commands.registered(sn);
        }
    }

    /** Removes the session from its sn if it still holds it, handing DISCONNECTED to the terminal's lane. */
    boolean unregister(String sn, TerminalSession session, String reason) {
        ClusterMembership member = membership;
        return registry.unregister(sn, session, member == null
                ? () -> dispatcher.dispatch(new TerminalDisconnected(sn, reason), session.remoteAddress(), worker)
                : () -> dispatcher.dispatch(new TerminalDisconnected(sn, reason), session.remoteAddress(), worker)
                        .thenCompose(outcome -> released(member, sn, session.id).thenApply(v -> outcome)));
    }

    /**
     * The cluster learns of the registration in the terminal's lane, so its release never overtakes it. A claim that
     * fails is logged: the terminal stays commandable here, and the cluster's own renewal claims it again.
     */
    private CompletableFuture<Void> claimed(ClusterMembership member, String sn, long sessionId) {
        return Offload.<Void>supply(worker, () -> {
            member.claim(sn, sessionId);
            return null;
        }).exceptionally(e -> {
            LOG.warn("Terminal {} registered here but the cluster could not record it: {}", sn, e.toString());
            return null;
        });
    }

    private CompletableFuture<Void> released(ClusterMembership member, String sn, long sessionId) {
        return Offload.<Void>supply(worker, () -> {
            member.release(sn, sessionId);
            return null;
        }).exceptionally(e -> {
            LOG.warn("Terminal {} left but the cluster could not record it: {}", sn, e.toString());
            return null;
        });
    }

    /** Commands were stored for sn: deliver them here, or have the node holding sn deliver them. */
    void commandsQueued(String sn) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        ClusterMembership member = membership;
        if (member != null && (terminal == null || terminal.session == null)) {
            member.commandsQueued(sn);
        }
    }

    /** An answer to a command, from the connection that holds sn; false when no command of it waits. */
    boolean onAnswer(String sn, TerminalSession session, Answer answer) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        return terminal != null && terminal.mailbox.onAnswer(session, answer);
    }

    /** The command sn's holding connection is answering now, or null (none, or the session does not hold sn). */
    OutboundCommand commandInFlight(String sn, TerminalSession session) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        return terminal == null ? null : terminal.mailbox.inFlight(session);
    }

    /** An answer read while it arrived held this many bytes waiting for its parser at most. */
    void answerBuffered(long bytes) {
        answerBufferPeak.accumulateAndGet(bytes, Math::max);
    }

    /**
     * The most bytes any answer read while it arrived (an answer over maxMessageSize) held waiting for its parser,
     * since the gateway started: stays under maxMessageSize (tests, health).
     */
    public long answerBufferPeak() {
        return answerBufferPeak.get();
    }

    void forget(TerminalSession session) {
        if (connections.remove(session)) {
            open.decrementAndGet();
        }
    }

    boolean wants(TerminalEvent event) {
        return dispatcher.wants(event);
    }

    /** Hands an event of a registered terminal to routes, after the events of sn handed over before it. */
    CompletableFuture<EventDispatcher.Outcome> dispatch(String sn, TerminalEvent event, String remoteAddress) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        if (terminal == null) {
            return dispatcher.dispatch(event, remoteAddress, worker);
        }
        return terminal.lane.append(() -> dispatcher.dispatch(event, remoteAddress, worker));
    }

    /**
     * Readies the gateway for a stop while routes still run (Camel is stopping): reading stops, reports being
     * handled are answered, connected terminals are closed (1001) and their DISCONNECTED events handed to routes.
     * Waits at most the given time for each of these steps. Blocking: never call it on an event loop.
     */
    public synchronized void quiesce(long timeoutMillis) throws InterruptedException {
        if (quiesced) {
            return;
        }
        quiesced = true;
        LOG.info("Doorface gateway on {} stopping: finishing reports in progress, then closing {} connections",
                settings.address(), connections.size());
        // batching consumers must not hold back the events whose answers are waited for here
        dispatcher.quiescing();
        try {
            CompletableFuture.allOf(connections.stream().map(TerminalSession::quiesce)
                    .toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Reports of terminals still unanswered after {} ms; closing their connections", timeoutMillis);
        }
        closeConnections();
        try {
            registry.drained().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Events of terminals still in routes after {} ms", timeoutMillis);
        }
    }

    /** True once the gateway began to stop: it takes no new connection and reads no new report. */
    public boolean isQuiescing() {
        return quiesced;
    }

    private void closeConnections() throws InterruptedException {
        // terminals get a close frame (1001) before the server goes; one that does not answer is cut by Vert.x
        CompletableFuture<?>[] closing = connections.stream()
                .map(session -> session.close(TerminalSession.CLOSE_GOING_AWAY, "gateway stopping"))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(CLOSING_TIMEOUT_SECONDS + 2L, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("{} connections still open after closing; the server closes them", connections.size());
        }
    }

    @Override
    protected void doStart() throws Exception {
        quiesced = false;
        // bounded: each connection has at most one report in a route and maxPendingReports messages waiting (then
        // its socket is paused), so the queue is bounded by the connections too
        ThreadPoolProfile profile = new ThreadPoolProfile("doorface-gateway");
        profile.setPoolSize(settings.workerPoolSize());
        profile.setMaxPoolSize(settings.workerPoolSize());
        profile.setMaxQueueSize(Integer.MAX_VALUE);
        profile.setAllowCoreThreadTimeOut(true);
        // never CallerRuns: the caller can be an event loop
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        worker = camelContext.getExecutorServiceManager().newThreadPool(this,
                "DoorfaceGateway[" + settings.address() + "]", profile);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                // a negative port makes Vert.x share one random port among the instances; 0 would give each its own
                .setPort(settings.port() == 0 ? -1 : settings.port())
                // frames up to twice the limit reach the session, which closes gracefully with 1009; Netty refuses
                // larger ones at their header and Vert.x then cuts the connection at once
                .setMaxWebSocketFrameSize((int) Math.min(Integer.MAX_VALUE, 2L * settings.maxMessageSize()))
                .setMaxWebSocketMessageSize(settings.maxMessageSize())
                .setWebSocketClosingTimeout(CLOSING_TIMEOUT_SECONDS);
        if (settings.ssl() != null) {
            options.setSsl(true);
            VertxHelper.setupSSLOptions(camelContext, settings.ssl(), options);
        }
        if (cluster != null) {
            membership = cluster.join(new ClusterView(this, localRouter));
            router = new ClusteredCommandRouter(registry, localRouter, membership);
        }
        try {
            listen(options);
        } catch (Exception e) {
            leaveCluster();
            throw e;
        }
        publication = MetricsPublication.publish(camelContext, metrics, settings.address());
        LOG.info("Doorface gateway listening on {}://{}:{}{} ({} server instances)",
                settings.ssl() != null ? "wss" : "ws", settings.host(), actualPort(), settings.path(),
                settings.serverInstances());
    }

    /**
     * Binds the port with serverInstances instances, each on its own event loop. A port this process released a
     * moment ago (a route restarted on the same gateway) can still be refused briefly, so a refusal is retried for up
     * to two seconds before it is reported.
     */
    private void listen(HttpServerOptions options) throws Exception {
        for (int attempt = 1;; attempt++) {
            List<ServerInstance> deployed = new ArrayList<>();
            try {
                deploymentId = vertx.deployVerticle(() -> {
                    ServerInstance instance = new ServerInstance(options, settings.path(), this::accept);
                    synchronized (deployed) {
                        deployed.add(instance);
                    }
                    return instance;
                }, new DeploymentOptions().setInstances(settings.serverInstances()))
                        .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                synchronized (deployed) {
                    instances.addAll(deployed);
                }
                return;
            } catch (ExecutionException e) {
                // Vert.x undeploys the instances that did start when one fails
                deploymentId = null;
                if (!(e.getCause() instanceof BindException) || attempt == BIND_ATTEMPTS) {
                    throw new IOException("Doorface gateway cannot listen on " + settings.address() + ": "
                                          + e.getCause().getMessage(), e.getCause());
                }
                LOG.debug("Port {} refused ({}), retrying", settings.address(), e.getCause().getMessage());
                Thread.sleep(BIND_RETRY_MILLIS);
            }
        }
    }

    private void accept(ServerWebSocket ws) {
        if (quiesced) {
            ws.reject(503);
            return;
        }
        if (!settings.path().equals(ws.path())) {
            LOG.debug("Rejecting WebSocket to {} from {}: the gateway serves {}", ws.path(), ws.remoteAddress(),
                    settings.path());
            ws.reject(404);
            return;
        }
        if (!gatekeeper.admitsConnection(ws.query(), String.valueOf(ws.remoteAddress()))) {
            ws.reject(403);
            return;
        }
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            refusals.warn("Refused {} WebSocket connection(s), the last from {}: the gateway holds maxConnections {}",
                    ws.remoteAddress(), settings.maxConnections());
            ws.reject(REFUSED_FULL);
            return;
        }
        Context eventLoop = Vertx.currentContext();
        // created on this event loop, so that its checks run on it too
        SilenceWatch watch = silenceWatches.computeIfAbsent(Thread.currentThread(),
                t -> new SilenceWatch(vertx, SilenceWatch.periodFor(
                        Math.min(settings.expiryMillis(), settings.registrationTimeoutMillis()))));
        TerminalSession session = new TerminalSession(this, ws, eventLoop, watch);
        connections.add(session);
        session.start();
    }

    private void leaveCluster() {
        ClusterMembership member = membership;
        if (member != null) {
            router = localRouter;
            membership = null;
            try {
                member.leave();
            } catch (RuntimeException e) {
                LOG.warn("Gateway {} could not leave its cluster cleanly: {}", settings.address(), e.toString());
            }
        }
    }

    /** Closes sn's connection if it is still the one with this id (another node holds a newer registration). */
    boolean closeReplaced(String sn, long sessionId, String reason) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        TerminalSession session = terminal == null ? null : terminal.session;
        if (session == null || session.id != sessionId) {
            return false;
        }
        LOG.info("Terminal {} registered on another node ({}): closing its connection from {}", sn, reason,
                session.remoteAddress());
        // let go of the sn before the close is seen: a command sent here after that must go to the other node, not to
        // this connection's mailbox, which its close would then fail
        String why = "replaced by a newer connection on another node";
        unregister(sn, session, why);
        session.close(TerminalSession.CLOSE_REPLACED, why);
        return true;
    }

    @Override
    protected void doStop() throws Exception {
        quiesced = true;
        if (publication != null) {
            publication.close();
            publication = null;
        }
        CommandQueue commands = queue;
        if (commands != null) {
            commands.stop();
            queue = null;
        }
        closeConnections();
        leaveCluster();
        silenceWatches.values().forEach(SilenceWatch::stop);
        silenceWatches.clear();
        if (deploymentId != null) {
            // undeploying closes every server instance; a closed Vert.x has undeployed them already
            if (vertx.deploymentIDs().contains(deploymentId)) {
                vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture()
                        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            LOG.info("Doorface gateway on {} stopped", settings.address());
            deploymentId = null;
            instances.clear();
        }
        if (worker != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(worker);
            worker = null;
        }
    }

}
