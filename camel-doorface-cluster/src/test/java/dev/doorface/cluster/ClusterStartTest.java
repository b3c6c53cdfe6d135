package dev.doorface.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.doorface.camel.DoorfaceComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node that cannot join says why and does not start; nothing of it stays in the directory. */
class ClusterStartTest {

    private ClusterServices services;

    @BeforeEach
    void services() {
        services = ClusterServices.start("Cluster start tests");
    }

    @AfterEach
    void drop() throws Exception {
        services.close();
    }

    private static CamelContext node(DoorfaceCluster cluster) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        CamelContext context = new DefaultCamelContext();
        context.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("doorface:127.0.0.1:" + port + "/door").log("${body}");
            }
        });
        return context;
    }

    @Test
    void aNodeThatCannotReachNatsDoesNotStartAndLeavesNoRow() throws Exception {
        DoorfaceCluster cluster = services.cluster("N1");
        cluster.setNatsUrl("nats://127.0.0.1:" + AvailablePortFinder.getNextAvailable());
        CamelContext context = node(cluster);
        try {
            assertThatThrownBy(context::start).hasStackTraceContaining("Unable to connect to NATS");
        } finally {
            context.stop();
        }
        try (Connection c = services.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM doorface_cluster_node")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aClusterNameThatCannotStartASubjectIsRefused() throws Exception {
        DoorfaceCluster cluster = services.cluster("N2");
        cluster.setClusterName("campus.north");
        CamelContext context = node(cluster);
        try {
            assertThatThrownBy(context::start).hasStackTraceContaining("letters, digits, '-' or '_'");
        } finally {
            context.stop();
        }
    }

    @Test
    void twoGatewaysOfOneJvmNeedNamesOfTheirOwn() throws Exception {
        DoorfaceCluster cluster = services.cluster("same");
        CamelContext first = node(cluster);
        CamelContext second = node(cluster);
        try {
            first.start();
            assertThatThrownBy(second::start).hasStackTraceContaining("give each gateway of a JVM its own nodeName");
        } finally {
            second.stop();
            first.stop();
        }
    }
}
