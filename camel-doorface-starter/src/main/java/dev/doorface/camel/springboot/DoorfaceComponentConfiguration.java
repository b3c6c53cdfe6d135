package dev.doorface.camel.springboot;

import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.queue.CommandStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The doorface component's options as Spring Boot properties under {@code camel.component.doorface}: one field for each
 * component-level option of the Camel catalog (doorface.json), same name in kebab case. Gateway options (port, path,
 * heartbeat interval, limits, admission) are endpoint options: they go in the endpoint URI, where Spring properties reach
 * them as {@code {{placeholders}}}.
 * <p>
 * Flags start at the component's defaults, so IDEs show them; object options left unset are not set. The javadoc of each
 * field is the description IDEs show (spring-boot-configuration-processor writes it, with the defaults, to
 * META-INF/spring-configuration-metadata.json).
 */
@ConfigurationProperties(prefix = "camel.component.doorface")
public class DoorfaceComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the doorface component. This is enabled by default.
     */
    private Boolean enabled;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler: exceptions the consumer meets while
     * receiving a terminal's report are then processed as a message and handled by the routing Error Handler. By
     * default the consumer logs them at WARN or ERROR level and ignores them.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * Where queued commands are kept for every endpoint that names no commandStore: a bean implementing
     * dev.doorface.camel.queue.CommandStore, given as #beanName. None: an in-memory store shared by the component's
     * endpoints.
     */
    private CommandStore commandStore;

    /**
     * Makes every gateway of this component a node of a cluster: a bean implementing
     * dev.doorface.camel.cluster.GatewayCluster, such as camel-doorface-cluster's PostgreSQL and NATS cluster, given as
     * #beanName. Terminals then register on any node and commands reach them from every node. None: each gateway
     * serves the terminals connected to it.
     */
    private GatewayCluster cluster;

    /**
     * Whether the producer should be started lazy (on the first message), so that a route can start even when its
     * producer could not (for example its gateway's port is taken); the failure then surfaces when the first command
     * is sent, and is handled by the route's error handler.
     */
    private Boolean lazyStartProducer = false;

    /**
     * Whether autowiring is enabled: options marked autowired (the Vert.x instance) are then looked up in the
     * registry, and used when there is a single bean of their type.
     */
    private Boolean autowiredEnabled = true;

    /**
     * The Vert.x instance gateways run on, given as #beanName. When none is set or found in the registry, the
     * component creates one and closes it when it stops.
     */
    private Vertx vertx;

    /**
     * Options for the Vert.x instance the component creates, given as #beanName of an io.vertx.core.VertxOptions.
     */
    private VertxOptions vertxOptions;

    /**
     * Used for enabling or disabling all consumer based health checks from this component.
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Camel has producer health
     * checks disabled by default: turn them on with camel.health.producers-enabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
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

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
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

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }
}
