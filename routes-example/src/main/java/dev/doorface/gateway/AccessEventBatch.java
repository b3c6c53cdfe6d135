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

    static final String INSERT = """
            INSERT INTO access_event (sn, event_id, user_id, door, photo_path, photo_offset, photo_length, received_at)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                   CAST(? AS BIGINT), CAST(? AS INTEGER), COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), CURRENT_TIMESTAMP)
            WHERE NOT EXISTS (SELECT 1 FROM access_event WHERE sn = ? AND event_id = ?)""";

    /** On a node of a cluster (PostgreSQL): the snapshot in the row, column photo (GatewayDatabase.CLUSTER_SCHEMA). */
    static final String INSERT_WITH_PHOTO = """
            INSERT INTO access_event (sn, event_id, user_id, door, photo_path, photo_offset, photo_length, received_at,
                                      photo)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                   CAST(? AS BIGINT), CAST(? AS INTEGER), COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), CURRENT_TIMESTAMP),
                   CAST(? AS BYTEA)
            WHERE NOT EXISTS (SELECT 1 FROM access_event WHERE sn = ? AND event_id = ?)""";

    /**
     * Without the lookup of each (sn, event_id) that {@link #INSERT} makes before the unique key makes it again: a
     * quarter of the journal's indexing time (AccessJournal). A batch with a row stored already fails as a whole and
     * is inserted again with {@link #INSERT}.
     */
    static final String INSERT_NEW = """
            INSERT INTO access_event (sn, event_id, user_id, door, photo_path, photo_offset, photo_length, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), CURRENT_TIMESTAMP))""";

    private static final Logger LOG = LoggerFactory.getLogger(AccessEventBatch.class);

    private final DataSource dataSource;
    private final String insertSql;
    private final boolean withPhoto;
    /** Each batch first without the lookups (INSERT_NEW): the only writer of the table, on H2 (AccessJournal). */
    private final boolean newFirst;

    public AccessEventBatch(DataSource dataSource) {
        this(dataSource, false, false);
    }

    /**
     * @param withPhoto rows carry their snapshot (parameter photo: a node of a cluster, see PhotoStore)
     * @param newFirst  each batch first as if none of its rows were stored ({@link #INSERT_NEW}); for a batch that
     *                  holds a repeated event that costs one failed attempt, so only where repeats are rare among
     *                  many rows and nobody else inserts at the same time (AccessJournal); not with withPhoto
     */
    public AccessEventBatch(DataSource dataSource, boolean withPhoto, boolean newFirst) {
        this.dataSource = dataSource;
        this.withPhoto = withPhoto;
        this.newFirst = newFirst && !withPhoto;
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
            int[] counts = null;
            if (newFirst) {
                try {
                    counts = insertInOneTransaction(connection, rows, false);
                } catch (SQLException e) {
                    LOG.debug("Batch of {} access events not stored as new ({}, SQLState {}): looking up each",
                            rows.size(), HrImport.fit(e.getMessage(), 300), e.getSQLState());
                }
            }
            try {
                if (counts == null) {
                    counts = insertInOneTransaction(connection, rows, true);
                }
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

    /** @param lookup each row's (sn, event_id) looked up first ({@link #INSERT}), or not ({@link #INSERT_NEW}) */
    private int[] insertInOneTransaction(Connection connection, List<Map<String, Object>> rows, boolean lookup)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(lookup ? insertSql : INSERT_NEW)) {
            for (Map<String, Object> row : rows) {
                bind(insert, row, lookup);
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
                    bind(insert, row, true);
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

    private void bind(PreparedStatement insert, Map<String, Object> row, boolean lookup) throws SQLException {
        int i = 0;
        insert.setObject(++i, row.get("sn"));
        insert.setObject(++i, row.get("eventId"));
        insert.setObject(++i, row.get("userId"));
        insert.setObject(++i, row.get("door"));
        insert.setObject(++i, row.get("photoPath"));
        insert.setObject(++i, row.get("photoOffset"));
        insert.setObject(++i, row.get("photoLength"));
        insert.setObject(++i, row.get("receivedAt"));
        if (withPhoto) {
            insert.setBytes(++i, (byte[]) row.get("photo"));
        }
        if (!lookup) {
            return;
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
