package dev.doorface.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;

/**
 * Which node holds which terminal, in PostgreSQL: the nodes of a cluster with their leases, and for each terminal the
 * node and connection of its newest registration. Times come from the database's clock, so the nodes' clocks need
 * not agree. Every method blocks.
 * <p>
 * A node's lease covers all its terminals: a node renews one row, not one per terminal, and a node whose lease ran
 * out holds nothing any more, whatever its rows say. Each start of a node is a new epoch (a number from a sequence),
 * so a node restarted under the same name never answers for its previous life's connections.
 */
final class TerminalDirectory {

    /** A terminal's registration: the node epoch and connection holding it. */
    record Holder(long epoch, long sessionId) {
    }

    private final DataSource dataSource;
    private final String cluster;

    TerminalDirectory(DataSource dataSource, String cluster) {
        this.dataSource = dataSource;
        this.cluster = cluster;
    }

    /**
     * Creates the tables when missing. Nodes starting together on an empty database take turns (an advisory lock of
     * the transaction): PostgreSQL may refuse two concurrent CREATE ... IF NOT EXISTS of one name.
     */
    void createTables() {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT pg_advisory_xact_lock(hashtextextended('doorface_cluster_schema', 0))")
                        .close();
                createTables(s);
            }
            return null;
        });
    }

    private static void createTables(Statement s) throws SQLException {
        s.execute("CREATE SEQUENCE IF NOT EXISTS doorface_cluster_seq");
        s.execute("CREATE TABLE IF NOT EXISTS doorface_cluster_node (epoch BIGINT PRIMARY KEY,"
                  + " cluster VARCHAR(64) NOT NULL, name VARCHAR(255) NOT NULL, gateway VARCHAR(255) NOT NULL,"
                  + " started_at TIMESTAMPTZ NOT NULL, lease_until TIMESTAMPTZ NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS doorface_cluster_terminal (cluster VARCHAR(64) NOT NULL,"
                  + " sn VARCHAR(255) NOT NULL, epoch BIGINT NOT NULL, session_id BIGINT NOT NULL,"
                  + " incarnation BIGINT NOT NULL, since TIMESTAMPTZ NOT NULL, PRIMARY KEY (cluster, sn))");
        s.execute("CREATE INDEX IF NOT EXISTS doorface_cluster_terminal_epoch ON doorface_cluster_terminal (epoch)");
    }

    /**
     * Starts a node's life: a new epoch with a lease, after forgetting a previous life of the same name (its
     * connections ended with it).
     */
    long join(String name, String gateway, long leaseMillis) {
        return inTransaction(c -> {
            forgetNodes(c, "cluster = ? AND name = ?", cluster, name);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO doorface_cluster_node (epoch, cluster, name,"
                                                           + " gateway, started_at, lease_until) VALUES"
                                                           + " (nextval('doorface_cluster_seq'), ?, ?, ?, now(),"
                                                           + " now() + ? * interval '1 millisecond') RETURNING epoch")) {
                ps.setString(1, cluster);
                ps.setString(2, name);
                ps.setString(3, gateway);
                ps.setLong(4, leaseMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Extends the node's lease.
     *
     * @return false when the node's row is gone: another node took it for dead, and its terminals with it
     */
    boolean renew(long epoch, long leaseMillis) {
        return update("UPDATE doorface_cluster_node SET lease_until = now() + ? * interval '1 millisecond'"
                      + " WHERE epoch = ?", leaseMillis, epoch) == 1;
    }

    /** Puts a node's row back after others took it for dead (its terminals are claimed again by the caller). */
    void rejoin(long epoch, String name, String gateway, long leaseMillis) {
        update("INSERT INTO doorface_cluster_node (epoch, cluster, name, gateway, started_at, lease_until)"
               + " VALUES (?, ?, ?, ?, now(), now() + ? * interval '1 millisecond') ON CONFLICT (epoch) DO UPDATE"
               + " SET lease_until = EXCLUDED.lease_until", epoch, cluster, name, gateway, leaseMillis);
    }

    /** Ends a node's life: its terminals and its row go. */
    void leave(long epoch) {
        inTransaction(c -> forgetNodes(c, "epoch = ?", epoch));
    }

    /** The epochs of the nodes whose lease runs now. */
    Set<Long> liveEpochs() {
        Set<Long> live = new HashSet<>();
        query("SELECT epoch FROM doorface_cluster_node WHERE cluster = ? AND lease_until > now()",
                rs -> live.add(rs.getLong(1)), cluster);
        return live;
    }

    /** Forgets the nodes whose lease ended longer ago than grace, with their terminals. */
    int purge(long graceMillis) {
        return inTransaction(c -> forgetNodes(c, "cluster = ? AND lease_until < now() - ? * interval '1 millisecond'",
                cluster, graceMillis));
    }

    /** Deletes the nodes that match the condition, their terminals first; the number of nodes deleted. */
    private static int forgetNodes(Connection c, String condition, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM doorface_cluster_terminal WHERE epoch IN"
                                                       + " (SELECT epoch FROM doorface_cluster_node WHERE " + condition
                                                       + ")")) {
            bind(ps, args);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM doorface_cluster_node WHERE " + condition)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /**
     * Records a registration as the terminal's newest. Claims of one terminal are serialized by an advisory lock of
     * the transaction, so each sees the holder before it, and the last claim wins.
     *
     * @return the holder it replaced, or null
     */
    Holder claim(String sn, long epoch, long sessionId) {
        return inTransaction(c -> {
            Holder previous = holder(c, sn);
            record(c, sn, epoch, sessionId);
            return previous != null && (previous.epoch() != epoch || previous.sessionId() != sessionId)
                    ? previous : null;
        });
    }

    /**
     * Records a registration made a while ago (its first claim failed, or the cluster took this node for dead
     * meanwhile), unless a live node holds the terminal now: that registration is newer, and must not be undone.
     *
     * @return false when another live node holds the terminal
     */
    boolean claimUnlessHeld(String sn, long epoch, long sessionId) {
        return inTransaction(c -> {
            Holder current = holder(c, sn);
            if (current != null && current.epoch() != epoch) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM doorface_cluster_node"
                                                               + " WHERE epoch = ? AND lease_until > now()")) {
                    ps.setLong(1, current.epoch());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
            }
            record(c, sn, epoch, sessionId);
            return true;
        });
    }

    /**
     * The terminal's holder, read under an advisory lock of the transaction: claims of one terminal take turns, so
     * each sees the holder before it, and the last claim wins.
     */
    private Holder holder(Connection c, String sn) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, cluster + '/' + sn); // no cluster name holds a '/'
            lock.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch, session_id FROM doorface_cluster_terminal"
                                                       + " WHERE cluster = ? AND sn = ?")) {
            ps.setString(1, cluster);
            ps.setString(2, sn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Holder(rs.getLong(1), rs.getLong(2)) : null;
            }
        }
    }

    private void record(Connection c, String sn, long epoch, long sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doorface_cluster_terminal (cluster, sn, epoch,"
                                                       + " session_id, incarnation, since) VALUES (?, ?, ?, ?,"
                                                       + " nextval('doorface_cluster_seq'), now())"
                                                       + " ON CONFLICT (cluster, sn) DO UPDATE SET epoch ="
                                                       + " EXCLUDED.epoch, session_id = EXCLUDED.session_id,"
                                                       + " incarnation = EXCLUDED.incarnation,"
                                                       + " since = EXCLUDED.since")) {
            ps.setString(1, cluster);
            ps.setString(2, sn);
            ps.setLong(3, epoch);
            ps.setLong(4, sessionId);
            ps.executeUpdate();
        }
    }

    /** Forgets the registration if it is still the terminal's newest (a newer one elsewhere is left alone). */
    boolean release(String sn, long epoch, long sessionId) {
        return update("DELETE FROM doorface_cluster_terminal WHERE cluster = ? AND sn = ? AND epoch = ?"
                      + " AND session_id = ?", cluster, sn, epoch, sessionId) == 1;
    }

    /** The live node holding sn, or null when it is held by no node whose lease runs. */
    Long locate(String sn) {
        Long[] epoch = new Long[1];
        query("SELECT t.epoch FROM doorface_cluster_terminal t JOIN doorface_cluster_node n ON n.epoch = t.epoch"
              + " WHERE t.cluster = ? AND t.sn = ? AND n.lease_until > now()", rs -> epoch[0] = rs.getLong(1),
                cluster, sn);
        return epoch[0];
    }

    /** The terminals held by live nodes, sorted. */
    List<String> terminals() {
        List<String> list = new ArrayList<>();
        query("SELECT t.sn FROM doorface_cluster_terminal t JOIN doorface_cluster_node n ON n.epoch = t.epoch"
              + " WHERE t.cluster = ? AND n.lease_until > now() ORDER BY t.sn", rs -> list.add(rs.getString(1)),
                cluster);
        return list;
    }

    private interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private void query(String sql, Rows rows, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs);
                }
            }
        } catch (SQLException e) {
            throw failure("cannot read the terminal directory", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot update the terminal directory", e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("cannot update the terminal directory", e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static RuntimeCamelException failure(String what, SQLException e) {
        return new RuntimeCamelException("Cluster directory " + what + ": " + e.getMessage(), e);
    }
}
