package dev.doorface.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL database and NATS server the cluster tests need, on 127.0.0.1 (PostgreSQL: database test, user
 * postgres without a password; NATS on 4222). Each test class works in a schema and under a cluster name of its own;
 * where either service is absent the tests are skipped, saying which.
 */
final class ClusterServices implements AutoCloseable {

    static final String NATS_URL = "nats://127.0.0.1:4222";

    final String schema;
    final String clusterName;

    private ClusterServices(String schema, String clusterName) {
        this.schema = schema;
        this.clusterName = clusterName;
    }

    /** Creates a schema of its own, or skips the calling test when PostgreSQL or NATS does not answer. */
    static ClusterServices start(String what) {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            Nats.connect(new Options.Builder().server(NATS_URL).connectionTimeout(Duration.ofSeconds(2))
                    .maxReconnects(0).build()).close();
        } catch (Exception e) {
            Assumptions.abort(what + " skipped: no NATS server at " + NATS_URL + " (" + e + ")");
        }
        String schema = "doorface_cluster_" + unique;
        try (Connection c = postgres(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.abort(what + " skipped: no PostgreSQL accepting user postgres without a password at"
                              + " 127.0.0.1:5432/test (" + e.getMessage() + ")");
        }
        return new ClusterServices(schema, "test-" + unique);
    }

    PGSimpleDataSource dataSource() {
        return postgres(schema);
    }

    static PGSimpleDataSource postgres(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { 5432 });
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        ds.setLoginTimeout(3);
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }

    DoorfaceCluster cluster(String nodeName) {
        DoorfaceCluster cluster = new DoorfaceCluster(dataSource(), NATS_URL);
        cluster.setClusterName(clusterName);
        cluster.setNodeName(nodeName);
        cluster.setLeaseMillis(3000);
        return cluster;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = postgres(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
