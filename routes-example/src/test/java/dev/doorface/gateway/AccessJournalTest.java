package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.AccessEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access journal on a real H2 file: what a batch acknowledged is queryable once awaited, a value too long for its
 * column fails only its event, and what a run left unindexed (killed) is inserted at the next start, from the
 * checkpoint on, once, while what its checkpoint says is in the table is not read again.
 */
class AccessJournalTest {

    private static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};

    @TempDir
    Path dataDir;

    private GatewayDatabase database;
    private CamelContext context;
    private AccessJournal journal;

    @BeforeEach
    void start() throws Exception {
        database = new GatewayDatabase(dataDir, "", "", "");
        database.start();
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        if (journal != null) {
            journal.stop();
        }
        context.stop();
        database.stop();
    }

    @Test
    void aStoredBatchIsQueryableOnceAwaitedAndATooLongValueFailsOnlyItsEvent() throws Exception {
        journal = startJournal();
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(List.of(event("T-1", "e1", "1", PHOTO), event("T-2", "e2", "2", null),
                event("T-3", "e3", "123456789", PHOTO)));

        journal.store(exchange);
        journal.awaitQueryable();

        assertThat(exchange.getMessage().getHeader(DoorfaceConstants.FAILED_EVENTS, List.class)).containsExactly(2);
        assertThat(exchange.getMessage().getBody(List.class)).hasSize(3);
        assertThat(eventIds()).containsExactly("e1", "e2");
        Map<String, Object> first = row("e1");
        assertThat(new PhotoStore(dataDir).read((String) first.get("PHOTO_PATH"), (Long) first.get("PHOTO_OFFSET"),
                (Integer) first.get("PHOTO_LENGTH"))).isEqualTo(PHOTO);
        assertThat(row("e2").get("PHOTO_PATH")).isNull();

        journal.stop();
        assertThat(journalRuns()).as("a clean stop leaves nothing to recover").isEmpty();
    }

    @Test
    void whatAKilledRunLeftIsInsertedAtTheNextStartFromItsCheckpointOn() throws Exception {
        // a run killed with segments 3 to 5 not known to be in the table (its checkpoint says 3)
        PhotoSegments killed = new PhotoSegments(dataDir, Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"),
                ZoneOffset.UTC));
        List<String> written = new ArrayList<>();
        for (String eventId : List.of("old-1", "old-2", "e3", "e4", "e5")) {
            long number = killed.nextSequence();
            List<Map<String, Object>> rows = List.of(SegmentRowsTest.row("T-1", eventId, "u", "1"));
            written.add(killed.write(number, List.of(PHOTO), locations -> SegmentRows.encode(rows, locations))[0]
                    .segment());
        }
        // e3 made it into the table before the kill; segment 5 was being written when it came (cut short)
        AccessEventBatch inserts = new AccessEventBatch(database.dataSource());
        Map<String, Object> e3 = SegmentRows.decode(dataDir, written.get(2)).get(0);
        inserts.insert(List.of(e3));
        Path cut = dataDir.resolve(written.get(4));
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(AccessJournal.CREATE_TABLE);
            statement.execute("INSERT INTO access_journal (run, next_segment) VALUES ('" + killed.runId() + "', 3)");
        }

        journal = startJournal();

        // old-1 and old-2 were in the table by the checkpoint (deleted since, say): not read again
        assertThat(eventIds()).containsExactly("e3", "e4");
        Map<String, Object> e4 = row("e4");
        assertThat(e4.get("PHOTO_PATH")).isEqualTo(written.get(3));
        assertThat(new PhotoStore(dataDir).read((String) e4.get("PHOTO_PATH"), (Long) e4.get("PHOTO_OFFSET"),
                (Integer) e4.get("PHOTO_LENGTH"))).isEqualTo(PHOTO);
        assertThat(journalRuns()).as("only the running one").doesNotContain(killed.runId()).hasSize(1);
    }

    private AccessJournal startJournal() {
        AccessJournal started = new AccessJournal(context, dataDir, new PhotoStore(dataDir), database.dataSource());
        started.start();
        return started;
    }

    private static AccessEvent event(String sn, String eventId, String door, byte[] photo) {
        return new AccessEvent(sn, eventId, "u-" + eventId, door,
                photo == null ? null : Base64.getEncoder().encodeToString(photo));
    }

    private List<String> eventIds() throws SQLException {
        return strings("SELECT event_id FROM access_event ORDER BY event_id");
    }

    private List<String> journalRuns() throws SQLException {
        return strings("SELECT run FROM access_journal");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private Map<String, Object> row(String eventId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT photo_path, photo_offset, photo_length FROM access_event WHERE event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("row of " + eventId).isTrue();
                Map<String, Object> row = new HashMap<>();
                row.put("PHOTO_PATH", rows.getString(1));
                row.put("PHOTO_OFFSET", rows.getObject(2, Long.class));
                row.put("PHOTO_LENGTH", rows.getObject(3, Integer.class));
                return row;
            }
        }
    }
}
