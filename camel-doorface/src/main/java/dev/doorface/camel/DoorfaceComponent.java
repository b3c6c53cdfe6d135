package dev.doorface.camel;

import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.camel.queue.InMemoryCommandStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.GatewaySettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.LifecycleStrategy;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the WebSocket gateways door terminals dial in to. Gateways are shared by host and port and reference counted:
 * the first consumer or producer that needs one starts it, the last one to stop closes it.
 */
@Component("doorface")
public class DoorfaceComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DoorfaceComponent.class);

    private record Shared(DoorfaceGateway gateway, int users) {
    }

    @Metadata(label = "advanced", autowired = true,
              description = "The Vert.x instance gateways run on. When none is set or found in the registry, the"
                            + " component creates one and closes it when it stops.")
    private Vertx vertx;

    @Metadata(label = "advanced", description = "Options for the Vert.x instance the component creates.")
    private VertxOptions vertxOptions;

    @Metadata(label = "producer",
              description = "Where queued commands are kept for every endpoint that names no commandStore: a bean"
                            + " implementing dev.doorface.camel.queue.CommandStore. None: an in-memory store shared by"
                            + " the component's endpoints.")
    private CommandStore commandStore;

    @Metadata(label = "advanced",
              description = "Makes every gateway of this component a node of a cluster: a bean implementing"
                            + " dev.doorface.camel.cluster.GatewayCluster, such as camel-doorface-cluster's"
                            + " PostgreSQL and NATS cluster. Terminals then register on any node and commands reach"
                            + " them from every node. None: each gateway serves the terminals connected to it.")
    private GatewayCluster cluster;

    private CommandStore defaultCommandStore;
    private HealthCheckRegistry healthChecks;
    private DoorfaceLivenessCheck livenessCheck;
    private boolean ownsVertx;
    private final Map<String, Shared> gateways = new HashMap<>();
    private final LifecycleStrategy stoppingHook = new LifecycleStrategySupport() {
        @Override
        public void onContextStopping(CamelContext context) {
            quiesceGateways(context);
        }
    };

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DoorfaceConfiguration configuration = new DoorfaceConfiguration();
        parseAddress(remaining, configuration);
        DoorfaceEndpoint endpoint = new DoorfaceEndpoint(uri, this, configuration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** host:port/path, with [ipv6]:port accepted. */
    static void parseAddress(String remaining, DoorfaceConfiguration configuration) {
        String rest = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        int slash = rest.indexOf('/', rest.startsWith("[") ? rest.indexOf(']') : 0);
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1 || hostPort.endsWith("]")) {
            throw new IllegalArgumentException(
                    "Expected doorface:host:port/path (for example doorface:0.0.0.0:9000/door) but got doorface:"
                                               + remaining);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        configuration.setHost(host);
        try {
            configuration.setPort(Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Port of doorface:" + remaining + " is not a number", e);
        }
        configuration.setPath(path);
    }

    /** Takes a share of the gateway for these settings, starting it when it is the first. */
    synchronized DoorfaceGateway acquire(GatewaySettings settings) throws Exception {
        Shared shared = gateways.get(settings.address());
        if (shared != null) {
            List<String> conflicts = shared.gateway().settings().conflictsWith(settings);
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException("Gateway " + settings.address()
                                                   + " is already running with other settings: " + conflicts);
            }
            gateways.put(settings.address(), new Shared(shared.gateway(), shared.users() + 1));
            return shared.gateway();
        }
        DoorfaceGateway gateway = new DoorfaceGateway(getCamelContext(), vertx, settings, cluster);
        gateway.start();
        gateways.put(settings.address(), new Shared(gateway, 1));
        return gateway;
    }

    /** Gives a share back; the last one stops the gateway. */
    synchronized void release(DoorfaceGateway gateway) {
        String address = gateway.settings().address();
        Shared shared = gateways.get(address);
        if (shared == null || shared.gateway() != gateway) {
            return;
        }
        if (shared.users() > 1) {
            gateways.put(address, new Shared(gateway, shared.users() - 1));
        } else {
            gateways.remove(address);
            gateway.stop();
        }
    }

    /** The running gateway on host:port, or null; for tooling and tests. */
    public synchronized DoorfaceGateway getGateway(String host, int port) {
        Shared shared = gateways.get(host + ":" + port);
        return shared == null ? null : shared.gateway();
    }

    /** The gateways running now, in no particular order; for the dev console and tooling. */
    public synchronized List<DoorfaceGateway> getGateways() {
        return gateways.values().stream().map(Shared::gateway).toList();
    }

    /**
     * Camel is stopping and the routes still run: each gateway lets the events in progress complete and be answered,
     * then closes its terminals so their DISCONNECTED events reach the routes, before Camel stops the routes.
     */
    private void quiesceGateways(CamelContext context) {
        List<DoorfaceGateway> running;
        synchronized (this) {
            running = gateways.values().stream().map(Shared::gateway).toList();
        }
        long timeoutMillis = context.getShutdownStrategy().getTimeUnit()
                .toMillis(context.getShutdownStrategy().getTimeout());
        for (DoorfaceGateway gateway : running) {
            try {
                gateway.quiesce(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (!getCamelContext().getLifecycleStrategies().contains(stoppingHook)) {
            getCamelContext().addLifecycleStrategy(stoppingHook);
        }
        if (vertx == null) {
            vertx = vertxOptions != null ? Vertx.vertx(vertxOptions) : Vertx.vertx();
            ownsVertx = true;
            LOG.debug("Created a Vert.x instance for doorface gateways");
        }
        // the registry exists only with camel-health on the classpath
        healthChecks = HealthCheckRegistry.get(getCamelContext());
        if (healthChecks != null && (isHealthCheckConsumerEnabled() || isHealthCheckProducerEnabled())) {
            livenessCheck = new DoorfaceLivenessCheck(this);
            healthChecks.register(livenessCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthChecks != null && livenessCheck != null) {
            healthChecks.unregister(livenessCheck);
            livenessCheck = null;
        }
        synchronized (this) {
            for (Shared shared : gateways.values()) {
                shared.gateway().stop();
            }
            gateways.clear();
        }
        if (ownsVertx && vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
            vertx = null;
            ownsVertx = false;
        }
        super.doStop();
    }

    /** The store an endpoint naming none uses: the component's, else one in memory shared by its endpoints. */
    synchronized CommandStore commandStoreOrDefault() {
        if (commandStore != null) {
            return commandStore;
        }
        if (defaultCommandStore == null) {
            defaultCommandStore = new InMemoryCommandStore();
        }
        return defaultCommandStore;
    }

    public GatewayCluster getCluster() {
        return cluster;
    }

    public void setCluster(GatewayCluster cluster) {
        this.cluster = cluster;
    }

    public CommandStore getCommandStore() {
        return commandStore;
    }

    public void setCommandStore(CommandStore commandStore) {
        this.commandStore = commandStore;
    }

    public Vertx getVertx() {
        return vertx;
    }

    public void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    public VertxOptions getVertxOptions() {
        return vertxOptions;
    }

    public void setVertxOptions(VertxOptions vertxOptions) {
        this.vertxOptions = vertxOptions;
    }

    @Override
    public String toString() {
        return "DoorfaceComponent" + (ObjectHelper.isEmpty(gateways) ? "" : gateways.keySet());
    }
}
