package dev.doorface.camel.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.doorface.camel.model.EventKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * A gateway's meters in the MeterRegistry Camel's Micrometer support uses. The only class of the component that
 * refers to Micrometer: loaded by {@link MetricsPublication} only when Micrometer is on the classpath. Counters and
 * gauges read the gateway's own counters when scraped; only the timers are fed as things happen.
 */
final class MicrometerMeters implements MetricsPublication.MeterBinding {

    /** camel-micrometer's name for it (MicrometerConstants.METRICS_REGISTRY_NAME): only micrometer-core is needed. */
    private static final String CAMEL_REGISTRY_NAME = "metricsRegistry";

    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private MeterRegistry registry;
    private GatewayMetrics metrics;
    private Tags gateway;

    @Override
    public boolean bind(CamelContext context, GatewayMetrics metrics, String address) {
        MeterRegistry found = find(context.getRegistry());
        if (found == null) {
            return false;
        }
        this.registry = found;
        this.metrics = metrics;
        this.gateway = Tags.of("gateway", address);
        registered.add(Gauge.builder("doorface.terminals.online", metrics, GatewayMetrics::terminalsOnline)
                .description("Terminals registered and connected").tags(gateway).register(registry));
        registered.add(Gauge.builder("doorface.connections", metrics, GatewayMetrics::connections)
                .description("WebSocket connections open, registered or not").tags(gateway).register(registry));
        GatewayMetrics.reports().forEach(this::report);
        metrics.onNewOperation(this::operation);
        metrics.commandsByOperation().forEach(this::operation);
        return true;
    }

    private void report(EventKind kind, Set<EventOutcome> outcomes) {
        for (EventOutcome outcome : outcomes) {
            registered.add(FunctionCounter.builder("doorface.events", metrics.eventAdder(kind, outcome), LongAdder::sum)
                    .description("Reports of terminals answered, by kind and outcome (acknowledged: 200)")
                    .tags(gateway).tag("kind", kind.name()).tag("outcome", outcome.tag()).register(registry));
        }
        Timer timer = Timer.builder("doorface.report.handling")
                .description("From a report's arrival to its answer").tags(gateway).tag("kind", kind.name())
                .register(registry);
        registered.add(timer);
        metrics.reportRecorder(kind, nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
    }

    private void operation(String operation, GatewayMetrics.CommandMeters meters) {
        for (CommandOutcome outcome : CommandOutcome.values()) {
            registered.add(FunctionCounter.builder("doorface.commands", meters.adder(outcome), LongAdder::sum)
                    .description("Commands sent to terminals, by operation and outcome")
                    .tags(gateway).tag("operation", operation).tag("outcome", outcome.tag()).register(registry));
        }
        Timer rtt = Timer.builder("doorface.command.rtt")
                .description("From writing a command to the terminal's answer").tags(gateway)
                .tag("operation", operation).register(registry);
        registered.add(rtt);
        meters.rttRecorder(nanos -> rtt.record(nanos, TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        metrics.onNewOperation(null);
        for (EventKind kind : EventKind.values()) {
            metrics.reportRecorder(kind, null);
        }
        metrics.commandsByOperation().values().forEach(meters -> meters.rttRecorder(null));
        registered.forEach(registry::remove);
        registered.clear();
    }

    /** As camel-micrometer finds it: by its name, else the only composite, else the only registry. */
    private static MeterRegistry find(Registry camel) {
        MeterRegistry named = camel.lookupByNameAndType(CAMEL_REGISTRY_NAME, MeterRegistry.class);
        if (named != null) {
            return named;
        }
        Set<CompositeMeterRegistry> composites = camel.findByType(CompositeMeterRegistry.class);
        if (composites.size() == 1) {
            return composites.iterator().next();
        }
        Set<MeterRegistry> registries = camel.findByType(MeterRegistry.class);
        return registries.size() == 1 ? registries.iterator().next() : null;
    }
}
