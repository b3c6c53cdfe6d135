package dev.doorface.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.doorface.camel.DoorfaceComponent;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Creates what the routes need once the settings are known: the data directory, the REST API's token and guard,
 * the database (H2, or PostgreSQL when db.url says so) with its schema, the queue of commands for offline
 * terminals, the photo store, on a node of a cluster (cluster.bus) the component's cluster and, in demo mode, the
 * simulated terminals.
 */
public class GatewayBeans implements CamelConfiguration {

    static final String API_TOKEN = "apiToken";
    /** The data directory, absolute. */
    public record DataDir(Path path) {
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Path dataDir = Path.of(context.resolvePropertyPlaceholders("{{data.dir}}")).toAbsolutePath().normalize();
        Files.createDirectories(dataDir.resolve(HrImport.INBOX));
        context.getRegistry().bind("dataDir", new DataDir(dataDir));

        // the REST API's token, and its guard on the HTTP server before any route starts
        ApiToken token = ApiToken.resolve(context.getPropertiesComponent().resolveProperty("api.token").orElse(""),
                dataDir);
        context.getRegistry().bind(API_TOKEN, token);
        long maxBodyBytes = Long.parseLong(context.resolvePropertyPlaceholders("{{api.maxBodyBytes}}").trim());
        context.addStartupListener(new ApiHttpSetup(token, maxBodyBytes));

        // read and checked by StartupChecks
        ClusterSettings cluster = context.getRegistry().lookupByNameAndType(ClusterSettings.BEAN,
                ClusterSettings.class);
        boolean clusterNode = cluster.on();
        GatewayDatabase database = new GatewayDatabase(dataDir, setting(context, "db.url"),
                setting(context, "db.user"), setting(context, "db.password"), clusterNode);
        // started now (the schema must exist before the first route runs), stopped after the routes
        database.start();
        context.addService(database, true, false);
        context.getRegistry().bind(GatewayDatabase.DATASOURCE, database.dataSource());
        if (clusterNode) {
            // the terminal directory in the same database; the gateway joins when it starts
            context.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster.cluster(
                    database.dataSource()));
            // the lock the HR drop and the scheduled reconcile run under (master:), one node at a time; stopped
            // before the database (services stop in the reverse order they were added)
            context.addService(cluster.lockService(database.dataSource()));
        }
        // user changes for offline terminals wait in the same database (commands.whenOffline)
        GatewayCommands commands = new GatewayCommands(database.dataSource(), setting(context, "commands.whenOffline"));
        context.getRegistry().bind(GatewayCommands.BEAN, commands);
        context.getRegistry().bind(GatewayCommands.STORE, commands.store());
        OnlineTerminals online = new OnlineTerminals(clusterNode,
                context.resolvePropertyPlaceholders("{{doorface.host}}").trim(),
                Integer.parseInt(context.resolvePropertyPlaceholders("{{doorface.port}}").trim()));
        context.getRegistry().bind(OnlineTerminals.BEAN, online);
        context.getRegistry().bind(GoneTerminals.BEAN, new GoneTerminals(database.dataSource(), commands.store(),
                online));

        // on a node of a cluster, access snapshots go into their rows: any node serves them
        PhotoStore photoStore = new PhotoStore(dataDir, clusterNode);
        context.getRegistry().bind("photoStore", photoStore);
        context.getRegistry().bind(AccessEvents.BEAN, accessEvents(context, dataDir, database, photoStore,
                clusterNode));
        context.getRegistry().bind(EventPhotos.BEAN, new EventPhotos(database.dataSource(), photoStore,
                clusterNode));
        context.getRegistry().bind(PersonStore.BEAN, new PersonStore(database.dataSource(), photoStore));
        context.getRegistry().bind("hrImport", new HrImport(dataDir));
        context.getRegistry().bind(HrImports.BEAN, new HrImports(database.dataSource(), clusterNode));
        // the operator page's live feed: a WebSocket on the API's server, fed through wire taps
        LiveWebsocketComponent feed = new LiveWebsocketComponent();
        context.addComponent("vertx-websocket", feed);
        context.getRegistry().bind(LiveRoutes.LISTENING, LiveRoutes.listening(feed));
        context.getRegistry().bind(LiveRoutes.EXECUTOR, LiveRoutes.executor(context));

        int demoTerminals = Integer.parseInt(context.resolvePropertyPlaceholders("{{demo.terminals}}").trim());
        if (demoTerminals > 0) {
            String url = "ws://127.0.0.1:" + context.resolvePropertyPlaceholders("{{doorface.port}}")
                         + context.resolvePropertyPlaceholders("{{doorface.path}}");
            // demo terminals dial in like real ones: with the terminal token when one is set
            String terminalToken = context.getPropertiesComponent().resolveProperty("doorface.terminalToken")
                    .orElse("").trim();
            if (!terminalToken.isEmpty()) {
                url += "?token=" + URLEncoder.encode(terminalToken, StandardCharsets.UTF_8);
            }
            context.getRegistry().bind(DemoTerminals.BEAN, new DemoTerminals(url, demoTerminals));
        }
    }

    /**
     * How access events are stored: through a journal on the gateway's own H2 database (access.journal, the default),
     * else straight into the table. The journal is started here: its recovery inserts what an earlier run left
     * before any terminal is served; it stops after the routes and before the database.
     */
    private static AccessEvents accessEvents(CamelContext context, Path dataDir, GatewayDatabase database,
                                             PhotoStore photoStore, boolean clusterNode) throws Exception {
        if (database.postgresql() || clusterNode || "false".equalsIgnoreCase(setting(context, "access.journal"))) {
            return new DirectAccessEvents(photoStore, new AccessEventBatch(database.dataSource(), clusterNode, false));
        }
        AccessJournal journal = new AccessJournal(context, dataDir, photoStore, database.dataSource());
        journal.start();
        context.addService(journal, true, false);
        return journal;
    }

    /** A setting that may be absent or empty (then ""); ClusterSettings reads its settings with it too. */
    static String setting(CamelContext context, String name) {
        return context.getPropertiesComponent().resolveProperty(name).map(String::trim).orElse("");
    }
}
