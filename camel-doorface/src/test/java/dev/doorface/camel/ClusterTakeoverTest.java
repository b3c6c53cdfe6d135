package dev.doorface.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When another node of a cluster holds a newer registration of a terminal, this gateway closes its own connection of
 * it (4001), and a command for the terminal sent here from that moment on goes to the other node. The cluster is the
 * test's own ({@link TestCluster}): it records the claims, and answers a command for a terminal not connected here
 * as the node holding it would. camel-doorface-cluster tests the same on PostgreSQL and NATS, where CI once caught
 * this gateway still taking such a command for the connection it was closing (failed as disconnected once the close
 * ended).
 */
class ClusterTakeoverTest extends DoorfaceTestSupport {

    private final TestCluster cluster = new TestCluster();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // the node holding the terminal carries the command out
        cluster.otherNodes = command -> CompletableFuture.completedFuture(new Answer(command.commandId(), "200", null));
        context.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:delete").to(gateway("operation=deleteUser"));
            }
        };
    }

    @Test
    void aCommandSentWhileTheReplacedConnectionClosesGoesToTheOtherNode() throws Exception {
        // the terminal's own event loop, which the test holds while the connection closes: the terminal cannot
        // answer the close (the window CI hit was that answer's round trip, here as long as the test needs)
        Vertx terminalLoop = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            SimulatedTerminal here = connect(terminal("TK1").vertx(terminalLoop));
            await().atMost(PROMPTLY).until(() -> cluster.claims.containsKey("TK1"));
            terminalLoop.runOnContext(v -> {
                held.countDown();
                try {
                    release.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(held.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(cluster.gateway.closeReplaced("TK1", cluster.claims.get("TK1"), "test")).isTrue();
            CommandResult result = template.requestBodyAndHeader("direct:delete", "501",
                    DoorfaceConstants.DEVICE_SN, "TK1", CommandResult.class);

            assertThat(result.code()).isEqualTo("200");
            assertThat(cluster.sentToOtherNodes).containsExactly("TK1");
            release.countDown();
            assertThat(result(here.closed())).isEqualTo(4001);
            assertThat(here.receivedCommands()).isEmpty();
        } finally {
            release.countDown();
            closeTerminals();
            terminalLoop.close().toCompletionStage().toCompletableFuture().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
