package dev.doorface.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * What the cluster tests need on 127.0.0.1: PostgreSQL (database test, user postgres without a password) and a NATS
 * server on 4222. Each run works in a PostgreSQL schema and under a cluster name of its own, so parallel runs never
 * meet; the schema is dropped at the end. Where either service is absent the calling test is skipped, saying which.
 */
final class ClusterServices implements AutoCloseable {

    static final String POSTGRESQL = PostgresGatewayTest.SERVER;
    static final String NATS_URL = "nats://127.0.0.1:4222";

    final String schema;
    final String clusterName;

    private ClusterServices(String schema, String clusterName) {
        this.schema = schema;
        this.clusterName = clusterName;
    }

    /** Creates this run's schema, or skips the calling test when NATS or PostgreSQL does not answer. */
    static ClusterServices start(String what) {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String nats = natsAbsent();
        Assumptions.assumeTrue(nats == null,
                () -> what + " skipped: no NATS server at " + NATS_URL + " (" + nats + ")");
        String schema = "doorface_gwcluster_" + unique;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.abort(what + " skipped: no PostgreSQL accepting user postgres without a password at "
                              + POSTGRESQL + " (" + e.getMessage() + ")");
        }
        return new ClusterServices(schema, "gwtest-" + unique);
    }

    /** Why no NATS server answers at 127.0.0.1:4222 (its greeting starts with INFO), or null when one does. */
    private static String natsAbsent() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 4222), 2000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] greeting = in.readNBytes(4);
            return new String(greeting, StandardCharsets.US_ASCII).equals("INFO") ? null
                    : "127.0.0.1:4222 does not greet as NATS does";
        } catch (IOException e) {
            return e.toString();
        }
    }

    static Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "3");
        p.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(POSTGRESQL, p);
    }

    /** The settings of one node of this run's cluster. */
    Map<String, String> node(String name, long leaseMillis) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("db.url", POSTGRESQL + "?currentSchema=" + schema);
        settings.put("db.user", "postgres");
        settings.put("cluster.bus", NATS_URL);
        settings.put("cluster.name", clusterName);
        settings.put("cluster.node", name);
        settings.put("cluster.leaseMillis", Long.toString(leaseMillis));
        // HR files are taken soon after they are dropped
        settings.put("hr.quietPeriod", "200");
        return settings;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
