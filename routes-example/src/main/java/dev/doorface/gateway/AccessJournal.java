package dev.doorface.gateway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.AccessEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores access records on the gateway's own H2 database as a database with a write-ahead log does: a batch is
 * acknowledged once it is in a sequential journal, and its rows go into the table and its indexes behind it, many
 * batches at a time.
 *
 * <p>Why: H2 rewrites every B-tree page a commit changed, whole, and the two indexes of access_event are keyed by
 * terminal, so a batch of 50 events from 50 terminals rewrote about a hundred pages of those indexes: three quarters
 * of the gateway's CPU per event (BENCHMARKS.md). One commit for the events of 300 ms rewrites about as many pages
 * for dozens of times as many events.
 *
 * <p>The journal is the photo segment each batch is written to already: its rows follow its photos
 * ({@link SegmentRows}), so one file is created and written per batch, as before. The route completes, and each
 * terminal is answered 200, once that file is written: in the operating system's cache, as H2's own commit with
 * WRITE_DELAY=0 is, so it survives the gateway being killed (not a power cut). One thread (access-indexer) then
 * inserts what the batches of the last {@value #GATHER_MILLIS} ms hold in one transaction, and records in table
 * access_journal from which segment on this run's batches may not be in the table yet. After a crash the next start
 * inserts the rows of those segments again ({@link JournalRecovery}); a row stored already is skipped by its unique
 * key, so that is safe. A clean stop indexes everything and deletes the run's access_journal row.
 *
 * <p>Bounds: at most {@value #MAX_WAITING_ROWS} rows wait for the indexer; a batch that finds no room waits for it,
 * so the answers slow down to the indexer's pace, and after {@value #ROOM_TIMEOUT_SECONDS} s fails: its terminals are
 * answered 500 and report again. A query waits until what was acknowledged before it is in the table
 * ({@link #awaitQueryable()}), so GET /api/events shows every event answered 200 before it.
 *
 * <p>A value longer than its column is refused here, before the batch is acknowledged: only its event fails (500),
 * as the database would have refused it.
 */
public class AccessJournal extends ServiceSupport implements AccessEvents {

    /** How long the indexer gathers batches after the first one it takes, at most: one commit for all of them. */
    static final long GATHER_MILLIS = 300;
    /** At most this many rows in one indexing transaction: H2 writes the pages of a larger one before its commit. */
    static final int MAX_ROWS_PER_COMMIT = 10_000;
    /** At most this many acknowledged rows wait for the indexer (about 300 bytes each). */
    static final int MAX_WAITING_ROWS = 20_000;
    static final int ROOM_TIMEOUT_SECONDS = 30;
    /** How long {@link #awaitQueryable()} waits at most. */
    static final long QUERY_WAIT_MILLIS = 5_000;
    /** How long a stop waits for the indexer to finish what is acknowledged. */
    static final long STOP_WAIT_SECONDS = 30;

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS access_journal (
                run          VARCHAR(32) PRIMARY KEY,
                next_segment BIGINT NOT NULL
            )""";

    /** The longest value of each row parameter, as access_event's columns take them (GatewayDatabase.SCHEMA). */
    private static final Map<String, Integer> COLUMN_LENGTHS = Map.of("sn", 64, "eventId", 128, "userId", 64,
            "door", 8);

    private static final Logger LOG = LoggerFactory.getLogger(AccessJournal.class);

    /** One acknowledged batch: its segment's number, its rows, and the room it holds until they are inserted. */
    private record Batch(long segment, List<Map<String, Object>> rows, int room) {
    }

    private final CamelContext context;
    private final Path dataDir;
    private final PhotoSegments segments;
    private final DataSource dataSource;
    private final AccessEventBatch inserts;
    private final Semaphore room = new Semaphore(MAX_WAITING_ROWS);
    private final BlockingQueue<Batch> acknowledged = new LinkedBlockingQueue<>();
    /** The numbers of this run's segments being written or waiting for the indexer; guarded by itself. */
    private final TreeSet<Long> unindexed = new TreeSet<>();
    /** Rows acknowledged, and rows in the table (or given up by a stop), since the start; guarded by this. */
    private long acknowledgedRows;
    private long indexedRows;
    private volatile boolean stopping;
    private ExecutorService indexer;

    public AccessJournal(CamelContext context, Path dataDir, PhotoStore photos, DataSource dataSource) {
        this.context = context;
        this.dataDir = dataDir;
        this.segments = photos.segments();
        this.dataSource = dataSource;
        this.inserts = new AccessEventBatch(dataSource, false, true);
    }

    @Override
    public void store(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        List<?> events = PhotoStore.batch(in.getBody());
        OffsetDateTime receivedAt = PhotoStore.receivedNow();
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        List<Map<String, Object>> stored = new ArrayList<>(events.size());
        List<byte[]> photos = new ArrayList<>(events.size());
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AccessEvent event = (AccessEvent) events.get(i);
            Map<String, Object> row = PhotoStore.row(event, receivedAt);
            rows.add(row);
            if (refused(row)) {
                refused.add(i);
            } else {
                stored.add(row);
                photos.add(PhotoStore.snapshot(event));
            }
        }
        if (!stored.isEmpty()) {
            journal(stored, photos);
        }
        in.setBody(rows);
        in.setHeader(DoorfaceConstants.FAILED_EVENTS, refused);
    }

    /** Writes the rows and their photos into a new segment, and hands them to the indexer. */
    private void journal(List<Map<String, Object>> rows, List<byte[]> photos) throws Exception {
        // a batch larger than the room (access.batchSize over it) takes all of it
        int permits = Math.min(rows.size(), MAX_WAITING_ROWS);
        if (!room.tryAcquire(permits, ROOM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(MAX_WAITING_ROWS + " access events wait to be inserted into the database"
                                            + " and none has been for " + ROOM_TIMEOUT_SECONDS + " s: is it failing?");
        }
        long number;
        synchronized (unindexed) {
            number = segments.nextSequence();
            unindexed.add(number);
        }
        try {
            PhotoSegments.Location[] at = segments.write(number, photos,
                    locations -> SegmentRows.encode(rows, locations));
            for (int i = 0; i < rows.size(); i++) {
                PhotoStore.at(rows.get(i), at[i]);
            }
        } catch (Exception | Error e) {
            synchronized (unindexed) {
                unindexed.remove(number);
            }
            room.release(permits);
            throw e;
        }
        synchronized (this) {
            acknowledgedRows += rows.size();
        }
        acknowledged.add(new Batch(number, rows, permits));
    }

    private static boolean refused(Map<String, Object> row) {
        if (row.get("eventId") == null || row.get("sn") == null) {
            LOG.warn("Access event without {} not stored", row.get("sn") == null ? "sn" : "eventid");
            return true;
        }
        for (Map.Entry<String, Integer> column : COLUMN_LENGTHS.entrySet()) {
            String value = (String) row.get(column.getKey());
            if (value != null && value.codePointCount(0, value.length()) > column.getValue()) {
                LOG.warn("Access {}/{} not stored: its {} is longer than {} characters",
                        HrImport.fit(String.valueOf(row.get("sn")), 80),
                        HrImport.fit(String.valueOf(row.get("eventId")), 80), column.getKey(), column.getValue());
                return true;
            }
        }
        return false;
    }

    @Override
    public void awaitQueryable() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUERY_WAIT_MILLIS);
        synchronized (this) {
            long target = acknowledgedRows;
            long left;
            while (indexedRows < target && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Override
    protected void doStart() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        }
        new JournalRecovery(dataDir, dataSource, inserts).recover(segments.runId());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO access_journal (run, next_segment) VALUES (?, 1)")) {
            insert.setString(1, segments.runId());
            insert.executeUpdate();
        }
        stopping = false;
        indexer = context.getExecutorServiceManager().newSingleThreadExecutor(this, "access-indexer");
        indexer.execute(this::index);
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (indexer != null) {
            context.getExecutorServiceManager().shutdownGraceful(indexer, TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            indexer = null;
        }
        int left;
        synchronized (unindexed) {
            left = unindexed.size();
        }
        if (left == 0) {
            forgetRun(dataSource, segments.runId());
        } else {
            LOG.warn("Access events of {} photo segments are not in the database yet: the next start inserts them from"
                     + " their segments", left);
        }
    }

    /** The indexer's loop: until stopped and nothing acknowledged is left, one transaction per gathering. */
    private void index() {
        List<Batch> gathered = new ArrayList<>();
        try {
            while (!(stopping && acknowledged.isEmpty())) {
                Batch first = acknowledged.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                gathered.add(first);
                int rows = first.rows().size();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
                while (rows < MAX_ROWS_PER_COMMIT) {
                    long left = stopping ? 0 : deadline - System.nanoTime();
                    Batch next = left > 0 ? acknowledged.poll(left, TimeUnit.NANOSECONDS) : acknowledged.poll();
                    if (next == null) {
                        break;
                    }
                    gathered.add(next);
                    rows += next.rows().size();
                }
                if (!insert(gathered)) {
                    return; // stopping while the database fails: the next start inserts them from their segments
                }
                gathered.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Inserts the batches' rows in one transaction, then moves this run's checkpoint past them; tries again while
     * the database fails, until stopped.
     *
     * @return false when given up (stopping)
     */
    private boolean insert(List<Batch> batches) throws InterruptedException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Batch batch : batches) {
            rows.addAll(batch.rows());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                insertAcknowledged(inserts, rows);
                indexed(batches, rows.size());
                return true;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("{} acknowledged access events not inserted into the database (attempt {}): {}", rows.size(),
                        attempt, HrImport.fit(String.valueOf(e.getMessage()), 300));
                if (stopping && attempt >= 3) {
                    return false;
                }
                Thread.sleep(Math.min(5_000, 500L * attempt));
            }
        }
    }

    private void indexed(List<Batch> batches, int rows) {
        long next;
        synchronized (unindexed) {
            for (Batch batch : batches) {
                unindexed.remove(batch.segment());
            }
            next = unindexed.isEmpty() ? segments.lastSequence() + 1 : unindexed.first();
        }
        checkpoint(next);
        int permits = 0;
        for (Batch batch : batches) {
            permits += batch.room();
        }
        room.release(permits);
        synchronized (this) {
            indexedRows += rows;
            notifyAll();
        }
    }

    /**
     * Inserts rows that were acknowledged already. One the database refuses was checked before its answer
     * ({@link #refused}), so that should not happen; it is logged, and its segment keeps its record.
     */
    static void insertAcknowledged(AccessEventBatch inserts, List<Map<String, Object>> rows) throws SQLException {
        for (int i : inserts.insert(rows)) {
            LOG.error("Access {}/{}, acknowledged, was refused by the database; its record stays in {}",
                    rows.get(i).get("sn"), rows.get(i).get("eventId"), rows.get(i).get("photoPath"));
        }
    }

    /** Deletes a run's checkpoint: everything it acknowledged is in the table. */
    static void forgetRun(DataSource dataSource, String run) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM access_journal WHERE run = ?")) {
            delete.setString(1, run);
            delete.executeUpdate();
        }
    }

    /** Records that this run's segments before {@code next} are all in the table; a failure only costs a restart. */
    private void checkpoint(long next) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE access_journal SET next_segment = ? WHERE run = ?")) {
            update.setLong(1, next);
            update.setString(2, segments.runId());
            update.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("Checkpoint of the access journal not recorded: {}", e.getMessage());
        }
    }
}
