package dev.doorface.camel;

import java.util.Set;

import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.GatewaySettings;
import io.vertx.core.Vertx;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections are spread over several event loops: the gateway runs serverInstances server instances on one port,
 * each on its own event loop, and every connection is served by the loop of the instance that accepted it.
 */
class EventLoopSpreadTest extends DoorfaceTestSupport {

    private static final int TERMINALS = 8;

    private final Vertx terminalsVertx = Vertx.vertx();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("serverInstances=4&events=REGISTERED")).to("mock:registered");
            }
        };
    }

    @AfterEach
    void closeVertx() throws Exception {
        closeTerminals(); // before the Vert.x they share
        terminalsVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private DoorfaceGateway gateway() {
        return context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port);
    }

    @Test
    void connectionsAreServedByMoreThanOneEventLoop() throws Exception {
        for (int t = 0; t < TERMINALS; t++) {
            connect(terminal("LOOP-" + t).vertx(terminalsVertx));
        }
        assertThat(gateway().connections()).isEqualTo(TERMINALS);
        Set<String> threads = gateway().connectionThreads();
        assertThat(threads).hasSizeGreaterThan(1).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        // and they all work: every registration reached the route
        received(getMockEndpoint("mock:registered"), TERMINALS);
    }

    @Test
    void serverInstancesDefaultsToTheCoreCountAndIsGatewayWide() throws Exception {
        assertThat(gateway().settings().serverInstances()).isEqualTo(4);
        int otherPort = AvailablePortFinder.getNextAvailable();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("doorface:127.0.0.1:" + otherPort + "/door").to("mock:other");
            }
        });
        DoorfaceGateway other = context.getComponent("doorface", DoorfaceComponent.class)
                .getGateway("127.0.0.1", otherPort);
        assertThat(other.settings().serverInstances()).isEqualTo(Runtime.getRuntime().availableProcessors())
                .isEqualTo(GatewaySettings.defaultServerInstances());
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("serverInstances=3")).to("mock:never");
            }
        })).hasStackTraceContaining("serverInstances 4 vs 3");
    }
}
