package dev.doorface.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that is a node of a cluster is ready only while the other nodes count it in (its lease is current), and
 * names its node in the health details. The cluster is the test's own ({@link TestCluster}), whose lease the test
 * decides: what is tested is the gateway's health check, not a cluster (camel-doorface-cluster has those).
 */
class ClusterReadinessTest extends DoorfaceTestSupport {

    private final TestCluster cluster = new TestCluster();

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
