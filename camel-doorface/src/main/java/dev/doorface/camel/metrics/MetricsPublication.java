package dev.doorface.camel.metrics;

import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.spi.ManagementStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a gateway's metrics while it runs: as a JMX MBean when Camel's management is on (camel-management), and
 * as Micrometer meters when Micrometer is on the classpath and Camel's registry holds a MeterRegistry. Micrometer is
 * an optional dependency: its classes are touched only by {@link MicrometerMeters}, which is loaded by name and only
 * once Micrometer was found, so the component runs without it.
 */
public final class MetricsPublication {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPublication.class);
    static final String MICROMETER_CLASS = "io.micrometer.core.instrument.MeterRegistry";
    static final String MICROMETER_METERS = "dev.doorface.camel.metrics.MicrometerMeters";

    /** The Micrometer side, seen through an interface so that nothing here links Micrometer's classes. */
    interface MeterBinding {

        /** @return false when Camel's registry holds no MeterRegistry: nothing was registered */
        boolean bind(CamelContext context, GatewayMetrics metrics, String address);

        /** Removes the meters registered. */
        void close();
    }

    private final GatewayMetrics metrics;
    private ManagementAgent agent;
    private ObjectName objectName;
    private MeterBinding meters;

    private MetricsPublication(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Publishes through whatever is there; never fails the gateway (a metric is not worth a terminal). */
    public static MetricsPublication publish(CamelContext context, GatewayMetrics metrics, String address) {
        MetricsPublication publication = new MetricsPublication(metrics);
        publication.registerMBean(context, address);
        publication.bindMicrometer(context, address);
        // durations are measured only for someone who reads them
        metrics.timed(publication.agent != null || publication.meters != null);
        return publication;
    }

    /** Whether the metrics are published as a JMX MBean. */
    public boolean jmx() {
        return objectName != null;
    }

    /** Whether the metrics are published as Micrometer meters. */
    public boolean micrometer() {
        return meters != null;
    }

    /** The MBean's name, or null when JMX is off. */
    public ObjectName objectName() {
        return objectName;
    }

    /** Unregisters the MBean and removes the meters. */
    public void close() {
        metrics.timed(false);
        if (meters != null) {
            meters.close();
            meters = null;
        }
        if (objectName != null) {
            try {
                agent.unregister(objectName);
            } catch (Exception e) {
                LOG.debug("Could not unregister {}: {}", objectName, e.toString());
            }
            objectName = null;
        }
        agent = null;
    }

    private void registerMBean(CamelContext context, String address) {
        ManagementStrategy strategy = context.getManagementStrategy();
        ManagementAgent found = strategy == null ? null : strategy.getManagementAgent();
        if (found == null) {
            return; // no camel-management, or JMX switched off
        }
        try {
            String contextKey = strategy.getManagementObjectNameStrategy().getObjectNameForCamelContext(context)
                    .getKeyProperty("context");
            ObjectName name = new ObjectName(found.getMBeanObjectDomainName() + ":context=" + contextKey
                                             + ",type=doorface,name=" + ObjectName.quote(address));
            found.register(new ManagedGatewayMetrics(address, metrics), name);
            agent = found;
            objectName = name;
        } catch (Exception e) {
            LOG.warn("Doorface gateway {}: its metrics are not published through JMX: {}", address, e.toString());
        }
    }

    private void bindMicrometer(CamelContext context, String address) {
        MeterBinding binding = micrometerBinding(MetricsPublication.class.getClassLoader());
        if (binding == null) {
            return;
        }
        try {
            if (binding.bind(context, metrics, address)) {
                meters = binding;
            } else {
                LOG.debug("Micrometer is on the classpath but Camel's registry holds no MeterRegistry: doorface"
                          + " gateway {} publishes no meters", address);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Doorface gateway {}: its metrics are not published through Micrometer: {}", address,
                    e.toString());
        }
    }

    /**
     * The Micrometer side, or null when Micrometer is not on this class loader: the guarded factory, the only way
     * to {@link MicrometerMeters}.
     */
    static MeterBinding micrometerBinding(ClassLoader loader) {
        try {
            Class.forName(MICROMETER_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return (MeterBinding) Class.forName(MICROMETER_METERS, true, loader).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("Micrometer is on the classpath but doorface cannot use it: {}", e.toString());
            return null;
        }
    }
}
