package dev.doorface.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * that fails for any other reason (a value its column refuses) is named in the result, so that only its terminal is
 * answered 500 and reports it again; when every row fails (the database is gone), the batch fails.
 *
 * <p>Standard SQL that H2 and PostgreSQL both run (the CASTs type the parameters for PostgreSQL; no length, so a value
 * too long for its column fails instead of being cut).
 */
public class AccessEventBatch {

    /** Registry name, as routes/access-events.yaml refers to it. */
    public static final String BEAN = "accessEventBatch";

    static final String INSERT = """
            INSERT INTO access_event (sn, event_id, user_id, door, photo_path, photo_offset, photo_length)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                   CAST(? AS BIGINT), CAST(? AS INTEGER)
            WHERE NOT EXISTS (SELECT 1 FROM access_event WHERE sn = ? AND event_id = ?)""";

    /** On a node of a cluster (PostgreSQL): the snapshot in the row, column photo (GatewayDatabase.CLUSTER_SCHEMA). */
    static final String INSERT_WITH_PHOTO = """
            INSERT INTO access_event (sn, event_id, user_id, door, photo_path, photo_offset, photo_length, photo)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                   CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS BYTEA)
            WHERE NOT EXISTS (SELECT 1 FROM access_event WHERE sn = ? AND event_id = ?)""";

    private static final Logger LOG = LoggerFactory.getLogger(AccessEventBatch.class);

    private final DataSource dataSource;
    private final String insertSql;
    private final boolean withPhoto;

    public AccessEventBatch(DataSource dataSource) {
        this(dataSource, false);
    }

    /** @param withPhoto rows carry their snapshot (parameter photo: a node of a cluster, see PhotoStore) */
    public AccessEventBatch(DataSource dataSource, boolean withPhoto) {
        this.dataSource = dataSource;
        this.withPhoto = withPhoto;
        this.insertSql = withPhoto ? INSERT_WITH_PHOTO : INSERT;
    }

    /**
     * Stores the rows ({@link PhotoStore#accessEventRows}) and returns once they are committed.
     *
     * @return the indexes of the rows that could be neither stored nor found stored already (empty when every row
     *         is stored): the route hands them back as the header CamelDoorfaceFailedEvents
     * @throws SQLException when no row could be stored
     */
    public List<Integer> insert(List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            int[] counts;
            try {
                counts = insertInOneTransaction(connection, rows);
            } catch (SQLException e) {
                LOG.debug("Batch of {} access events not stored at once ({}, SQLState {}): storing them one by one",
                        rows.size(), e.getMessage(), e.getSQLState());
                return insertOneByOne(connection, rows);
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
            return List.of();
        }
    }

    private int[] insertInOneTransaction(Connection connection, List<Map<String, Object>> rows)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
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

    private List<Integer> insertOneByOne(Connection connection, List<Map<String, Object>> rows)
            throws SQLException {
        SQLException failure = null;
        List<Integer> failed = new ArrayList<>();
        int stored = 0;
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
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
                        continue;
                    }
                    failed.add(i);
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                    LOG.warn("Access {}/{} not stored (SQLState {}): {}", HrImport.fit(String.valueOf(row.get("sn")), 80),
                            HrImport.fit(String.valueOf(row.get("eventId")), 80), e.getSQLState(),
                            HrImport.fit(e.getMessage(), 300));
                }
            }
        }
        LOG.debug("Batch of {} access events stored one by one: {} stored, {} failed", rows.size(), stored,
                failed.size());
        if (failure != null && failed.size() == rows.size()) {
            throw failure; // nothing could be stored: the batch fails as a whole
        }
        return failed;
    }

    private void bind(PreparedStatement insert, Map<String, Object> row) throws SQLException {
        int i = 0;
        insert.setObject(++i, row.get("sn"));
        insert.setObject(++i, row.get("eventId"));
        insert.setObject(++i, row.get("userId"));
        insert.setObject(++i, row.get("door"));
        insert.setObject(++i, row.get("photoPath"));
        insert.setObject(++i, row.get("photoOffset"));
        insert.setObject(++i, row.get("photoLength"));
        if (withPhoto) {
            insert.setBytes(++i, (byte[]) row.get("photo"));
        }
        insert.setObject(++i, row.get("sn"));
        insert.setObject(++i, row.get("eventId"));
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
