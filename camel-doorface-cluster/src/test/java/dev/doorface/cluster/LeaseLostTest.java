package dev.doorface.cluster;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.cluster.ClusterMembership;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node cut off from the database cannot renew its lease: it says so (the readiness of its gateway goes DOWN on
 * it), and counts itself in again once the database answers.
 */
class LeaseLostTest {

    /** The cluster's database, which the test cuts off and gives back. */
    static final class CutOffDataSource implements DataSource {
        private final DataSource real;
        volatile boolean cut;

        CutOffDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (cut) {
                throw new SQLException("cut off by the test");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private ClusterServices services;
    private CamelContext node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aNodeThatCannotRenewItsLeaseSaysSoAndRecovers() throws Exception {
        services = ClusterServices.start("Lease test");
        CutOffDataSource database = new CutOffDataSource(services.dataSource());
        DoorfaceCluster cluster = new DoorfaceCluster(database, ClusterServices.NATS_URL);
        cluster.setClusterName(services.clusterName);
        cluster.setNodeName("L");
        cluster.setLeaseMillis(900);
        int port = AvailablePortFinder.getNextAvailable();
        node = new DefaultCamelContext();
        node.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        node.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("doorface:127.0.0.1:" + port + "/door").log("${body}");
            }
        });
        node.start();
        ClusterMembership membership = node.getComponent("doorface", DoorfaceComponent.class).getGateways().get(0)
                .clusterMembership();
        assertThat(membership.nodeName()).isEqualTo("L");
        assertThat(membership.current()).isTrue();

        database.cut = true;
        await().atMost(20, TimeUnit.SECONDS).until(() -> !membership.current());

        database.cut = false;
        await().atMost(20, TimeUnit.SECONDS).until(membership::current);
    }
}
