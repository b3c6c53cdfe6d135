package dev.doorface.cluster.lock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A node of a test cluster: a CamelContext of its own with a {@link PostgresLockClusterService} and, per namespace, a
 * route {@code master:ns:timer} counting its ticks.
 */
final class ClusterNode implements AutoCloseable {

    /** Short, so that hand-overs in tests take well under a second. */
    static final long ACQUIRE_LOCK_INTERVAL = 200;

    final String name;
    final PostgresLockClusterService service;
    private final CamelContext context = new DefaultCamelContext();
    private final Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();

    ClusterNode(String name, DataSource dataSource, String clusterName, String... namespaces) throws Exception {
        this.name = name;
        this.service = new PostgresLockClusterService(name, dataSource);
        service.setClusterName(clusterName);
        service.setAcquireLockInterval(ACQUIRE_LOCK_INTERVAL);
        context.getCamelContextExtension().setName(name);
        context.addService(service);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String namespace : namespaces) {
                    AtomicInteger count = ticks.computeIfAbsent(namespace, ns -> new AtomicInteger());
                    from("master:" + namespace + ":timer:t?period=50").routeId(namespace)
                            .process(exchange -> count.incrementAndGet());
                }
            }
        });
        context.start();
    }

    int ticks(String namespace) {
        return ticks.get(namespace).get();
    }

    boolean leads(String namespace) {
        return service.isLeader(namespace);
    }

    @Override
    public void close() {
        context.stop();
    }

    @Override
    public String toString() {
        return name;
    }
}
