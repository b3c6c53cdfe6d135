package dev.doorface.camel.gateway;

import java.util.function.Consumer;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

/**
 * One of the gateway's server instances. Deployed as a verticle so that each instance gets its own event-loop context:
 * Vert.x then shares the one listening socket among the instances and hands each new connection to the next instance,
 * so connections (and all their I/O) are spread over the event loops. Undeploying closes the server.
 */
final class ServerInstance extends AbstractVerticle {

    private final HttpServerOptions options;
    private final String path;
    private final Consumer<ServerWebSocket> accept;
    private volatile HttpServer server;

    ServerInstance(HttpServerOptions options, String path, Consumer<ServerWebSocket> accept) {
        this.options = options;
        this.path = path;
        this.accept = accept;
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(options)
                .webSocketHandler(accept::accept)
                .requestHandler(request -> request.response().setStatusCode(426)
                        .putHeader("Content-Type", "text/plain")
                        .end("door terminals connect here over WebSocket at " + path + "\n"))
                .listen()
                .onSuccess(listening -> {
                    server = listening;
                    started.complete();
                })
                .onFailure(started::fail);
    }

    /** The port bound, -1 before. */
    int actualPort() {
        HttpServer listening = server;
        return listening == null ? -1 : listening.actualPort();
    }
}
