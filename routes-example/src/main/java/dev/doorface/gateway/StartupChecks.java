package dev.doorface.gateway;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Runs first, before the database opens or any port is bound: takes the lock of the data directory, then checks the
 * cluster settings (a node needs PostgreSQL and a NATS server) and that the terminal port and the REST API port can
 * be bound. Each failure stops the gateway with one line.
 */
public class StartupChecks implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Path dataDir = Path.of(context.resolvePropertyPlaceholders("{{data.dir}}")).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        DataDirLock lock = DataDirLock.acquire(dataDir);
        // stopped with the context, after the database (services stop in the reverse order they were added)
        context.addService(lock, true, false);

        try {
            // cluster.* first: a node needs the shared PostgreSQL database, said in one line
            ClusterSettings cluster = ClusterSettings.read(context);
            if (cluster.on()) {
                NatsCheck.reachable(cluster.bus());
            }
            context.getRegistry().bind(ClusterSettings.BEAN, cluster);
            PortCheck.canBind("terminals", context.resolvePropertyPlaceholders("{{doorface.host}}"),
                    port(context, "{{doorface.port}}"), "doorface.port");
            PortCheck.canBind("REST API", context.resolvePropertyPlaceholders("{{camel.server.host:0.0.0.0}}"),
                    port(context, "{{camel.server.port}}"), "api.port");
        } catch (RuntimeException e) {
            // the context never starts, so it would not stop the lock either
            lock.stop();
            throw e;
        }
    }

    private static int port(CamelContext context, String placeholder) {
        return Integer.parseInt(context.resolvePropertyPlaceholders(placeholder).trim());
    }
}
