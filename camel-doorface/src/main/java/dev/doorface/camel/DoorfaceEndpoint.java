package dev.doorface.camel;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.GatewaySettings;
import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.queue.CommandStore;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Door terminals over WebSocket: consume their registrations, access records and other events, and send them user
 * commands.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "doorface", title = "Doorface", syntax = "doorface:host:port/path",
             category = { Category.IOT }, headersClass = DoorfaceConstants.class)
public class DoorfaceEndpoint extends DefaultEndpoint implements AsyncEndpoint {

    @UriParam
    private final DoorfaceConfiguration configuration;
    /** Started producers of this endpoint: they share one health check, registered while any runs. */
    private int startedProducers;
    private WritableHealthCheckRepository producerChecks;
    private DoorfaceProducerHealthCheck producerCheck;

    public DoorfaceEndpoint(String uri, DoorfaceComponent component, DoorfaceConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public DoorfaceComponent getComponent() {
        return (DoorfaceComponent) super.getComponent();
    }

    public DoorfaceConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        return new DoorfaceProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        validateBatching();
        DoorfaceConsumer consumer = new DoorfaceConsumer(this, processor, eventKinds());
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }

    DoorfaceGateway acquireGateway() throws Exception {
        return getComponent().acquire(GatewaySettings.of(configuration));
    }

    void releaseGateway(DoorfaceGateway gateway) {
        getComponent().release(gateway);
    }

    /** The gateway this endpoint's host and port name, while a consumer or producer holds it; else null. */
    DoorfaceGateway runningGateway() {
        return getComponent().getGateway(configuration.getHost(), configuration.getPort());
    }

    /** A producer started: the first registers the endpoint's check (the producers repository needs camel-health). */
    synchronized void producerStarted() {
        if (startedProducers++ > 0) {
            return;
        }
        producerChecks = HealthCheckHelper.getHealthCheckRepository(getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (producerChecks != null) {
            producerCheck = new DoorfaceProducerHealthCheck(this);
            producerCheck.setEnabled(getComponent().isHealthCheckProducerEnabled());
            producerChecks.addHealthCheck(producerCheck);
        }
    }

    /** A producer stopped: the last takes the endpoint's check away. */
    synchronized void producerStopped() {
        if (--startedProducers > 0) {
            return;
        }
        if (producerChecks != null && producerCheck != null) {
            producerChecks.removeHealthCheck(producerCheck);
        }
        producerCheck = null;
        producerChecks = null;
    }

    /** The store of queued commands: this endpoint's, else the component's or its in-memory one. */
    CommandStore commandStore() {
        CommandStore store = configuration.getCommandStore();
        return store != null ? store : getComponent().commandStoreOrDefault();
    }

    private void validateBatching() {
        if (configuration.getBatchSize() < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 (1 hands over each event alone), was "
                                               + configuration.getBatchSize());
        }
        if (configuration.getBatchTimeout() < 0) {
            throw new IllegalArgumentException("batchTimeout must be 0 or more milliseconds, was "
                                               + configuration.getBatchTimeout());
        }
        if (configuration.getConcurrentBatches() < 0) {
            throw new IllegalArgumentException("concurrentBatches must be 0 (no bound) or more, was "
                                               + configuration.getConcurrentBatches());
        }
    }

    Set<EventKind> eventKinds() {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        String events = configuration.getEvents();
        if (events == null || events.isBlank()) {
            throw new IllegalArgumentException("events must name at least one kind of event");
        }
        for (String name : events.split(",")) {
            String trimmed = name.trim().toUpperCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                kinds.add(EventKind.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown event kind '" + name.trim() + "' in events=" + events
                                                   + "; use REGISTERED, ACCESS, USER_ADDED, HEARTBEAT, DISCONNECTED, COMMAND_RESULT");
            }
        }
        return kinds;
    }
}
