package dev.doorface.gateway;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doorface gateway: Camel Main with an embedded H2 database, Java DSL routes and one YAML DSL route
 * ({@code routes/access-events.yaml}). Settings come from {@code application.properties}, each overridable with
 * {@code -Dname=value}.
 */
public final class GatewayApplication {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApplication.class);

    private GatewayApplication() {
    }

    public static void main(String[] args) throws Exception {
        try {
            int status = create(Map.of()).run(args);
            if (status != 0) {
                System.exit(status);
            }
        } catch (Exception e) {
            GatewayStartupException reason = GatewayStartupException.find(e);
            if (reason == null) {
                throw e;
            }
            // one line that says what to do; a stack trace would only bury it
            LOG.error("Doorface gateway not started: {}", reason.getMessage());
            System.exit(1);
        }
    }

    /**
     * Builds the gateway as {@link #main} runs it. Tests start it with {@code start()} and stop it with
     * {@code stop()}.
     *
     * @param overrides settings that take precedence over application.properties and -D system properties
     */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        if (!overrides.isEmpty()) {
            Properties props = new Properties();
            props.putAll(overrides);
            main.setOverrideProperties(props);
        }
        // first the lock of data.dir and the ports (each failure one line), then the database, photo store and the
        // other beans the routes use; created once the settings are known
        main.configure().addConfiguration(StartupChecks.class);
        main.configure().addConfiguration(GatewayBeans.class);
        main.configure().addRoutesBuilder(new TerminalRoutes());
        main.configure().addRoutesBuilder(new HrImportRoutes());
        main.configure().addRoutesBuilder(new ApiRoutes());
        main.configure().addRoutesBuilder(new ReconcileRoutes());
        main.configure().addRoutesBuilder(new DemoRoutes());
        main.configure().addRoutesBuilder(new LiveRoutes());
        main.configure().addRoutesBuilder(new PageRoutes());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                DemoTerminals demo = context.getRegistry().lookupByNameAndType(DemoTerminals.BEAN, DemoTerminals.class);
                if (demo != null) {
                    demo.connectAll();
                }
                printWhereToLook(context, demo);
            }

            @Override
            public void beforeStop(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                DemoTerminals demo = context.getRegistry().lookupByNameAndType(DemoTerminals.BEAN, DemoTerminals.class);
                if (demo != null) {
                    demo.closeAll();
                }
            }
        });
        return main;
    }

    private static void printWhereToLook(CamelContext context, DemoTerminals demo) {
        String host = context.resolvePropertyPlaceholders("{{doorface.host}}");
        String port = context.resolvePropertyPlaceholders("{{doorface.port}}");
        String path = context.resolvePropertyPlaceholders("{{doorface.path}}");
        String apiPort = context.resolvePropertyPlaceholders("{{api.port}}");
        String apiHost = context.resolvePropertyPlaceholders("{{api.host}}");
        GatewayBeans.DataDir dataDir = context.getRegistry().lookupByNameAndType("dataDir", GatewayBeans.DataDir.class);
        ApiToken token = context.getRegistry().lookupByNameAndType(GatewayBeans.API_TOKEN, ApiToken.class);
        // where the token is, never the token
        String tokenHeader = token.source().endsWith(ApiToken.FILE_NAME)
                ? "\"Authorization: Bearer $(cat " + token.source() + ")\""
                : "\"Authorization: Bearer <api.token>\"";
        String shownHost = "0.0.0.0".equals(host) ? "<this-host>" : host;
        String apiUrl = "http://" + ("0.0.0.0".equals(apiHost) ? "<this-host>" : apiHost) + ':' + apiPort;
        StringBuilder text = new StringBuilder("\n\n  Doorface gateway is up\n");
        text.append("    terminals connect to : ws://").append(shownHost).append(':').append(port).append(path)
                .append("   (listening on ").append(host).append(':').append(port).append(")\n");
        text.append("    REST API             : ").append(apiUrl).append("/api/devices   (listening on ")
                .append(apiHost)
                .append(':').append(apiPort).append(")\n");
        text.append("    operator page        : ").append(apiUrl).append("/   (asks for the token once)\n");
        text.append("    REST API token       : ").append(token.source())
                .append("   (send it as Authorization: Bearer <token>)\n");
        text.append("    data directory       : ").append(dataDir.path()).append('\n');
        text.append("    HR file drop         : ").append(dataDir.path().resolve("hr-inbox")).append('\n');
        if (demo != null) {
            text.append("    demo mode            : ").append(demo.size())
                    .append(" simulated terminals report access events; watch them arrive with\n")
                    .append("                           curl -H ").append(tokenHeader).append(" '").append(apiUrl)
                    .append("/api/events?limit=10'\n");
        }
        text.append("  Stop with Ctrl-C.\n");
        LOG.info("{}", text);
    }
}
