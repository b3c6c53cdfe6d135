package dev.doorface.camel;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.cluster.ClusterMembership;
import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.cluster.LocalGateway;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.protocol.Answer;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that is a node of a cluster is ready only while the other nodes count it in (its lease is current), and
 * names its node in the health details. The cluster here is a minimal one of the test's own, one node, whose lease
 * the test decides: what is tested is the gateway's health check, not a cluster (camel-doorface-cluster has those).
 */
class ClusterReadinessTest extends DoorfaceTestSupport {

    /** One node, terminals nowhere else; its lease is current while the test says so. */
    static final class OneNodeCluster implements GatewayCluster, ClusterMembership {
        volatile boolean current = true;

        @Override
        public ClusterMembership join(LocalGateway gateway) {
            return this;
        }

        @Override
        public void claim(String sn, long sessionId) {
        }

        @Override
        public void release(String sn, long sessionId) {
        }

        @Override
        public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
            return CompletableFuture.failedFuture(new TerminalNotConnectedException(sn));
        }

        @Override
        public List<String> terminals() {
            return List.of();
        }

        @Override
        public void commandsQueued(String sn) {
        }

        @Override
        public void leave() {
        }

        @Override
        public String nodeName() {
            return "node-1";
        }

        @Override
        public boolean current() {
            return current;
        }
    }

    private final OneNodeCluster cluster = new OneNodeCluster();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        return context;
    }

    @Test
    void readyOnlyWhileTheNodesLeaseIsCurrent() throws Exception {
        DoorfaceEndpoint endpoint = context.getEndpoint(gateway("operation=deleteUser"), DoorfaceEndpoint.class);
        DoorfaceProducer producer = (DoorfaceProducer) endpoint.createProducer();
        DoorfaceProducerHealthCheck check = new DoorfaceProducerHealthCheck(endpoint);
        producer.start();
        try {
            assertThat(check.callReadiness().getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(check.callReadiness().getDetails()).containsEntry(DoorfaceHealthCheck.CLUSTER_NODE, "node-1");

            cluster.current = false;
            HealthCheck.Result out = check.callReadiness();
            assertThat(out.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(out.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("node-1", "lease"));
            // alive all the same: its server runs, and its own terminals are served
            assertThat(check.callLiveness().getState()).isEqualTo(HealthCheck.State.UP);

            cluster.current = true;
            assertThat(check.callReadiness().getState()).isEqualTo(HealthCheck.State.UP);
        } finally {
            producer.stop();
        }
    }
}
