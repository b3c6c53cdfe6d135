package dev.doorface.gateway;

import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.apache.camel.support.service.ServiceHelper;

/**
 * camel-vertx-websocket on the REST API's own server: its WebSocket routes are added to platform-http's
 * {@link VertxPlatformHttpRouter} (so {@link ApiGuard} runs before every upgrade) and it uses that server's Vert.x,
 * instead of listening with a Vert.x and a server of its own (which could not bind api.port a second time).
 * Registered as the component {@code vertx-websocket}.
 */
final class LiveWebsocketComponent extends VertxWebsocketComponent {

    @Override
    protected void doStart() throws Exception {
        MainHttpServer server = getCamelContext().hasService(MainHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("the live feed needs the REST API server (camel.server.enabled)");
        }
        // usually started already (ApiHttpSetup); starting a started service is a no-op
        ServiceHelper.startService(server);
        VertxPlatformHttpRouter router = server.getRouter();
        setRouter(router);
        // not managed here: platform-http closes its Vert.x
        setVertx(router.vertx());
        super.doStart();
    }

    /**
     * Whether a browser is connected to the feed. With none, the storing routes build no message (LiveRoutes): a
     * browser that connects later reads what it missed from the API, as it did when messages went to nobody.
     */
    boolean anyBrowser() {
        for (VertxWebsocketHost host : getVertxHostRegistry().values()) {
            if (!host.getConnectedPeers().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration configuration,
                                                          VertxWebsocketHostKey key) {
        return new VertxWebsocketHost(getCamelContext(), configuration, key) {
            @Override
            public void start() {
                // the API's server is listening already, with this router
            }

            @Override
            public int getPort() {
                // the producer finds the peers of a host by its port, which start() would have learnt
                return key.getPort();
            }
        };
    }
}
