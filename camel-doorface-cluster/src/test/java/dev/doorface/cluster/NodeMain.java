package dev.doorface.cluster;

import java.util.concurrent.CountDownLatch;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.queue.JdbcCommandStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A cluster node in a JVM of its own, for tests that kill one: a gateway on 127.0.0.1:port whose producer queues
 * commands for offline terminals in the cluster's database. Prints READY once the gateway listens; runs until killed.
 * Arguments: port, PostgreSQL schema, cluster name, node name, lease in milliseconds.
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        DoorfaceCluster cluster = new DoorfaceCluster(ClusterServices.postgres(args[1]), ClusterServices.NATS_URL);
        cluster.setClusterName(args[2]);
        cluster.setNodeName(args[3]);
        cluster.setLeaseMillis(Long.parseLong(args[4]));
        CamelContext context = new DefaultCamelContext();
        context.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        context.getRegistry().bind("store", new JdbcCommandStore(ClusterServices.postgres(args[1])));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:queue").to("doorface:127.0.0.1:" + port + "/door?whenOffline=queue&commandStore=#store");
            }
        });
        context.start();
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
