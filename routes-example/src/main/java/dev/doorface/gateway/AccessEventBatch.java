package dev.doorface.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a batch of access_event rows in one transaction (group commit: one commit, so one write of the H2 file or
 * one flush of PostgreSQL's log, for the whole batch). A row whose (sn, eventid) is stored already inserts nothing.
 *
 * <p>When the batch fails, for instance because another transaction inserted one of its (sn, eventid) at the same
 * time (the unique key refuses it: SQLState 23505), it is rolled back and inserted again row by row, each row in a
 * transaction of its own, so that the other rows are still stored and a duplicate counts as already stored. A row
 * that fails for any other reason fails the batch (after the rows that can be stored were), and every terminal of
 * the batch is answered 500 and reports again; what was stored then counts as already stored.
 *
 * <p>Standard SQL that H2 and PostgreSQL both run (the CASTs type the parameters for PostgreSQL; no length, so a value
 * too long for its column fails instead of being cut).
 */
public class AccessEventBatch {

    /** Registry name, as routes/access-events.yaml refers to it. */
    public static final String BEAN = "accessEventBatch";

    static final String INSERT = """
            INSERT INTO access_event (sn, event_id, user_id, door, photo_path)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR)
            WHERE NOT EXISTS (SELECT 1 FROM access_event WHERE sn = ? AND event_id = ?)""";

    private static final Logger LOG = LoggerFactory.getLogger(AccessEventBatch.class);

    private final DataSource dataSource;

    public AccessEventBatch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the rows ({@link PhotoStore#accessEventRows}) and returns once they are committed.
     *
     * @throws SQLException when a row could be neither stored nor found stored already
     */
    public void insert(List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            int[] counts;
            try {
                counts = insertInOneTransaction(connection, rows);
            } catch (SQLException e) {
                LOG.debug("Batch of {} access events not stored at once ({}, SQLState {}): storing them one by one",
                        rows.size(), e.getMessage(), e.getSQLState());
                insertOneByOne(connection, rows);
                return;
            }
            int stored = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    alreadyStored(rows.get(i), "reported again");
                } else {
                    stored++;
                }
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("Batch of {} access events: {} stored, {} already stored, committed in {} ms", rows.size(),
                        stored, rows.size() - stored, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    private static int[] insertInOneTransaction(Connection connection, List<Map<String, Object>> rows)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Map<String, Object> row : rows) {
                bind(insert, row);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            connection.commit();
            return counts;
        } catch (SQLException e) {
            rollback(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void insertOneByOne(Connection connection, List<Map<String, Object>> rows) throws SQLException {
        SQLException failure = null;
        int stored = 0;
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Map<String, Object> row : rows) {
                try {
                    bind(insert, row);
                    if (insert.executeUpdate() == 0) {
                        alreadyStored(row, "reported again");
                    } else {
                        stored++;
                    }
                } catch (SQLException e) {
                    if (GatewayDatabase.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        alreadyStored(row, "reported twice at once");
                    } else if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        LOG.debug("Batch of {} access events stored one by one: {} stored, {} failed", rows.size(), stored,
                failure == null ? 0 : 1 + failure.getSuppressed().length);
        if (failure != null) {
            throw failure;
        }
    }

    private static void bind(PreparedStatement insert, Map<String, Object> row) throws SQLException {
        insert.setObject(1, row.get("sn"));
        insert.setObject(2, row.get("eventId"));
        insert.setObject(3, row.get("userId"));
        insert.setObject(4, row.get("door"));
        insert.setObject(5, row.get("photoPath"));
        insert.setObject(6, row.get("sn"));
        insert.setObject(7, row.get("eventId"));
    }

    private static void alreadyStored(Map<String, Object> row, String how) {
        LOG.info("Access {}/{} {}: already stored", row.get("sn"), row.get("eventId"), how);
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
