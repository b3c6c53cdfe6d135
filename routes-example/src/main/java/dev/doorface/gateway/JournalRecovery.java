package dev.doorface.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the start, before any terminal is served: inserts the access events that earlier runs acknowledged but did not
 * insert before they ended (killed, or the database failing at their stop). Each run that did not end cleanly left its
 * row in access_journal, naming its first segment that may not be in the table; the rows of that segment and of every
 * later segment of the run are inserted again ({@link SegmentRows}; one stored already is skipped), then the run's row
 * is deleted. A segment without a complete record (cut short by the crash) held a batch that was never acknowledged.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final Path dataDir;
    private final DataSource dataSource;
    private final AccessEventBatch inserts;

    JournalRecovery(Path dataDir, DataSource dataSource, AccessEventBatch inserts) {
        this.dataDir = dataDir;
        this.dataSource = dataSource;
        this.inserts = inserts;
    }

    /** @param currentRun this run's id: not recovered (a leftover row of it would be from a clock gone back) */
    void recover(String currentRun) throws SQLException, IOException {
        for (Map.Entry<String, Long> run : unfinishedRuns().entrySet()) {
            if (!run.getKey().equals(currentRun)) {
                recover(run.getKey(), run.getValue());
            }
            AccessJournal.forgetRun(dataSource, run.getKey());
        }
    }

    private Map<String, Long> unfinishedRuns() throws SQLException {
        Map<String, Long> runs = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT run, next_segment FROM access_journal ORDER BY run");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                runs.put(rows.getString(1), rows.getLong(2));
            }
        }
        return runs;
    }

    private void recover(String run, long from) throws SQLException, IOException {
        long start = System.nanoTime();
        List<String> segments = PhotoSegments.ofRun(dataDir, run, from);
        List<Map<String, Object>> rows = new ArrayList<>();
        int events = 0;
        int incomplete = 0;
        for (String segment : segments) {
            List<Map<String, Object>> records = SegmentRows.decode(dataDir, segment);
            if (records == null) {
                incomplete++;
                continue;
            }
            rows.addAll(records);
            events += records.size();
            if (rows.size() >= AccessJournal.MAX_ROWS_PER_COMMIT) {
                insert(rows);
            }
        }
        insert(rows);
        LOG.info("Access journal of run {}, which did not stop cleanly: {} access events of {} segments read again and"
                 + " inserted where missing; {} segments without a complete record (never acknowledged); in {} ms",
                run, events, segments.size() - incomplete, incomplete, (System.nanoTime() - start) / 1_000_000);
    }

    private void insert(List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        AccessJournal.insertAcknowledged(inserts, rows);
        rows.clear();
    }
}
