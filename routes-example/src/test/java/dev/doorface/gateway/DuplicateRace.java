package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;

/**
 * Two inserts of the same (sn, eventid) at once, made deterministic: this test's own transaction inserts the row and
 * holds it uncommitted (it plays the route of a terminal's replaced connection, mid-insert) while the terminal
 * reports the same event again. The gateway's INSERT ... WHERE NOT EXISTS does not see the uncommitted row, so it
 * inserts too and waits on the unique key; only once the database shows it waiting does the first transaction
 * commit, and the unique key refuses the gateway's row. The terminal must be answered 200: the event is stored.
 *
 * @param sessionId     on the holding connection: its session id
 * @param waitingOnHolder with the session id as parameter: how many sessions wait for the holder's row
 */
record DuplicateRace(String sessionId, String waitingOnHolder) {

    // H2 names no blocker for a wait on a row another transaction holds: a session other than the holder that is
    // executing the insert into access_event is the gateway's, and it cannot finish while the holder holds the row
    static final DuplicateRace H2 = new DuplicateRace("SELECT SESSION_ID()",
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> ?"
            + " AND UPPER(EXECUTING_STATEMENT) LIKE 'INSERT INTO ACCESS_EVENT%'");
    static final DuplicateRace POSTGRESQL = new DuplicateRace("SELECT pg_backend_pid()",
            "SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))");

    void run(TestGateway gateway, String sn, String eventId) throws Exception {
        try (SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn(sn).heartbeats(false).build();
             Connection holder = gateway.dataSource().getConnection();
             Connection observer = gateway.dataSource().getConnection()) {
            terminal.connect().get(30, TimeUnit.SECONDS);
            long holderId = hold(holder, sn, eventId);

            CompletableFuture<String> answer = terminal.sendAccessEvent(eventId, "U1");
            await().atMost(Duration.ofSeconds(30))
                    .failFast("the gateway answered before it waited on the unique key", answer::isDone)
                    .until(() -> waiting(observer, holderId) > 0);
            holder.commit();

            assertThat(answer.get(30, TimeUnit.SECONDS)).as("answer to the event stored by the other insert")
                    .isEqualTo("200");
            List<Map<String, Object>> rows = gateway.query(
                    "SELECT event_id FROM access_event WHERE sn = '" + sn + "'");
            assertThat(rows).hasSize(1);
            // and the gateway goes on storing this terminal's events
            assertThat(terminal.sendAccessEvent(eventId + "-next", "U1").get(30, TimeUnit.SECONDS)).isEqualTo("200");
        }
    }

    /**
     * The race as the access journal meets it (AccessJournal, the default on H2): the terminal is answered 200 once
     * its event is in the journal, before any insert; the indexer's insert then waits on the row this test holds,
     * is refused by the unique key when it commits, and inserts the batch again looking up each row. The event is
     * stored once, and the indexer goes on with the next events.
     */
    void runBehindTheAnswer(TestGateway gateway, String sn, String eventId) throws Exception {
        try (SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn(sn).heartbeats(false).build();
             Connection holder = gateway.dataSource().getConnection();
             Connection observer = gateway.dataSource().getConnection()) {
            terminal.connect().get(30, TimeUnit.SECONDS);
            long holderId = hold(holder, sn, eventId);

            assertThat(terminal.sendAccessEvent(eventId, "U1").get(30, TimeUnit.SECONDS)).as("journaled")
                    .isEqualTo("200");
            await().atMost(Duration.ofSeconds(30)).until(() -> waiting(observer, holderId) > 0);
            holder.commit();

            assertThat(gateway.query("SELECT event_id FROM access_event WHERE sn = '" + sn + "'")).hasSize(1);
            assertThat(terminal.sendAccessEvent(eventId + "-next", "U1").get(30, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(gateway.query("SELECT event_id FROM access_event WHERE sn = '" + sn + "' ORDER BY id"))
                    .extracting(row -> row.get("event_id")).containsExactly(eventId, eventId + "-next");
        }
    }

    /**
     * The same race inside a batch: three terminals report at once into one batch (the gateway runs with
     * {@link #ONE_BATCH_OF_THREE}), the first one's event being held uncommitted by this test. The batch's transaction
     * waits on the unique key and is refused once the holder commits; the batch is then stored row by row. Every
     * terminal is answered 200 and every event is stored once.
     */
    void runInBatch(TestGateway gateway, String snPrefix, String eventId) throws Exception {
        List<SimulatedTerminal> terminals = new java.util.ArrayList<>();
        try (Connection holder = gateway.dataSource().getConnection();
             Connection observer = gateway.dataSource().getConnection()) {
            for (String suffix : List.of("-A", "-B", "-C")) {
                SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn(snPrefix + suffix)
                        .heartbeats(false).build();
                terminals.add(terminal);
                terminal.connect().get(30, TimeUnit.SECONDS);
            }
            long holderId = hold(holder, snPrefix + "-A", eventId);

            List<CompletableFuture<String>> answers = terminals.stream()
                    .map(terminal -> terminal.sendAccessEvent(eventId, "U1")).toList();
            await().atMost(Duration.ofSeconds(30))
                    .failFast("the gateway answered before it waited on the unique key",
                            () -> answers.stream().anyMatch(CompletableFuture::isDone))
                    .until(() -> waiting(observer, holderId) > 0);
            holder.commit();

            for (CompletableFuture<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).as("answer to an event of the refused batch")
                        .isEqualTo("200");
            }
            List<Map<String, Object>> rows = gateway.query(
                    "SELECT sn FROM access_event WHERE sn LIKE '" + snPrefix + "-%' AND event_id = '" + eventId + "'");
            assertThat(rows).extracting(row -> row.values().iterator().next())
                    .containsExactlyInAnyOrder(snPrefix + "-A", snPrefix + "-B", snPrefix + "-C");
        } finally {
            terminals.forEach(SimulatedTerminal::close);
        }
    }

    /** Gateway settings that make the access route take exactly three events per batch. */
    static final Map<String, String> ONE_BATCH_OF_THREE = Map.of("access.batchSize", "3",
            "access.batchTimeout", "600000");

    /** On H2: each batch inserted before it is answered, as on PostgreSQL (no journal), so that the race is there. */
    static final Map<String, String> NO_JOURNAL = Map.of("access.journal", "false");

    /** Inserts the row in a transaction left open on the holder, and returns the holder's session id. */
    private long hold(Connection holder, String sn, String eventId) throws SQLException {
        long holderId = single(holder, sessionId);
        holder.setAutoCommit(false);
        try (PreparedStatement insert = holder.prepareStatement(
                "INSERT INTO access_event (sn, event_id, user_id, door) VALUES (?, ?, 'U1', '0')")) {
            insert.setString(1, sn);
            insert.setString(2, eventId);
            insert.executeUpdate();
        }
        return holderId;
    }

    private long waiting(Connection observer, long holderId) throws SQLException {
        try (PreparedStatement s = observer.prepareStatement(waitingOnHolder)) {
            s.setObject(1, holderId, java.sql.Types.INTEGER);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
