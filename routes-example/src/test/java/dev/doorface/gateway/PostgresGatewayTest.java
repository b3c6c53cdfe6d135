package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example gateway on PostgreSQL ({@code -Ddb.url=jdbc:postgresql://...}): the schema and every statement of the
 * routes, the duplicate race, and what it stored read back after a restart. Runs where a PostgreSQL listens on
 * 127.0.0.1:5432 accepting user postgres without a password into database test (as on CI here); skipped, saying so,
 * everywhere else. Each run works in a schema of its own, dropped at the end, so parallel runs never meet.
 */
class PostgresGatewayTest {

    /** Another server or database with -Dtest.postgresql.url=jdbc:postgresql://... (user postgres, no password). */
    static final String SERVER = System.getProperty("test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = "postgres";
    static String schema;
    static String unavailable;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void createSchema() {
        schema = "doorface_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            schema = null;
            unavailable = "PostgreSQL tests skipped: no PostgreSQL accepting user " + USER + " without a password at "
                          + SERVER + " (" + e.getMessage() + ")";
        }
    }

    @BeforeEach
    void needsPostgresql() {
        Assumptions.assumeTrue(schema != null, () -> unavailable);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "3");
        p.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(SERVER, p);
    }

    private TestGateway start() throws Exception {
        return TestGateway.start(dataDir, Map.of("db.url", SERVER + "?currentSchema=" + schema, "db.user", USER,
                "db.password", ""));
    }

    @Test
    void everyRouteStoresIntoPostgresql() throws Exception {
        byte[] jpeg = SampleImages.jpeg(7);
        try (TestGateway gateway = start();
             SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("PG-1").mac("AA:00:00:00:00:01")
                     .build()) {
            // the tables are in this run's schema, in PostgreSQL
            assertThat(gateway.query("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                                     + schema + "' ORDER BY table_name"))
                    .extracting(r -> r.get("table_name"))
                    .containsExactly("access_event", "doorface_command", "doorface_command_content",
                            "doorface_terminal", "hr_import", "hr_result", "person", "terminal", "terminal_user");

            // registration inserts the terminal (MERGE, not matched), again updates it (MERGE, matched)
            sim.connect().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> online(gateway, "PG-1"));
            sim.disconnect().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !online(gateway, "PG-1"));
            sim.connect().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> online(gateway, "PG-1"));
            assertThat(sim.sendHeartbeat().get(30, TimeUnit.SECONDS)).isEqualTo("200");
            JsonNode device = json(gateway.get("/api/devices")).get(0);
            assertThat(device.get("mac").asText()).isEqualTo("AA:00:00:00:00:01");
            assertThat(device.get("lastSeen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*");

            // access events: stored with the photo, a repeat stored once, listed newest first with sn and limit
            assertThat(sim.sendAccessEvent("pg-e1", "U1", "1", jpeg).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(sim.sendAccessEvent("pg-e1", "U1", "1", jpeg).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(sim.sendAccessEvent("pg-e2", null).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            JsonNode events = json(gateway.get("/api/events?sn=PG-1&limit=5"));
            assertThat(events).extracting(n -> n.get("eventId").asText()).containsExactly("pg-e2", "pg-e1");
            JsonNode first = events.get(1);
            assertThat(first.get("userId").asText()).isEqualTo("U1");
            assertThat(first.get("door").asText()).isEqualTo("1");
            assertThat(first.get("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
            assertThat(gateway.eventPhoto("PG-1", "pg-e1")).isEqualTo(jpeg);
            assertThat(json(gateway.get("/api/events?limit=1"))).hasSize(1);
            // paged by id and time: the time bound a TIMESTAMP WITH TIME ZONE parameter on PostgreSQL
            long newest = events.get(0).get("id").asLong();
            assertThat(json(gateway.get("/api/events?sn=PG-1&before=" + newest)))
                    .extracting(n -> n.get("eventId").asText()).containsExactly("pg-e1");
            assertThat(json(gateway.get("/api/events?sn=PG-1&after=" + (newest - 1))))
                    .extracting(n -> n.get("eventId").asText()).containsExactly("pg-e2");
            assertThat(json(gateway.get(
                    "/api/events?sn=PG-1&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00%2B01:00")))
                    .hasSize(2);
            assertThat(json(gateway.get("/api/events?sn=PG-1&to=2000-01-01T00:00:00Z"))).isEmpty();

            // a user added at the terminal, twice: one row, the second version
            SimUser walkIn = new SimUser("walk", "W1", "pw", "Walk In", "0", SampleImages.jpegBase64(8));
            assertThat(sim.sendUserAdded("pg-u1", walkIn).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            SimUser renamed = new SimUser("walk", "W1", "pw", "Walk Inn", "1", SampleImages.jpegBase64(8));
            assertThat(sim.sendUserAdded("pg-u2", renamed).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            List<Map<String, Object>> users = gateway.query("SELECT * FROM terminal_user WHERE sn = 'PG-1'");
            assertThat(users).hasSize(1);
            assertThat(users.get(0)).containsEntry("name", "Walk Inn").containsEntry("role", "1")
                    .containsEntry("event_id", "pg-u2");

            // an HR file: its results in hr_result
            Path inbox = dataDir.resolve("hr-inbox");
            Path file = dataDir.resolve("pg.csv");
            Files.writeString(file, "action,userId,user,name,pwd,role,photo\ndelete,W1,,,,,\n");
            Files.move(file, inbox.resolve("pg.csv"));
            // (a terminal of the other test, known and offline, gets the row queued: only PG-1's row is looked at)
            String pgRow = "SELECT * FROM hr_result WHERE file_name = 'pg.csv' AND sn = 'PG-1'";
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.query(pgRow).size() == 1);
            assertThat(gateway.query(pgRow).get(0))
                    .containsEntry("sn", "PG-1").containsEntry("ok", true).containsEntry("action", "delete");
            // ... and its import, listed once done
            await().atMost(Duration.ofSeconds(30)).until(() -> json(gateway.get("/api/hr-imports")).get(0)
                    .get("state").asText().equals("done"));
            JsonNode hrImport = json(gateway.get("/api/hr-imports")).get(0);
            assertThat(hrImport.get("fileName").asText()).isEqualTo("pg.csv");
            assertThat(hrImport.get("rows").asInt()).isEqualTo(1);
            assertThat(hrImport.get("finishedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
            assertThat(json(gateway.get("/api/hr-imports/" + hrImport.get("id").asLong())).get("results"))
                    .anySatisfy(r -> assertThat(r.get("sn").asText()).isEqualTo("PG-1"));
        }

        // a restart: the schema exists already, the terminal is offline, the events are there
        try (TestGateway gateway = start()) {
            assertThat(json(gateway.get("/api/devices")).get(0).get("online").asBoolean()).isFalse();
            assertThat(json(gateway.get("/api/events?sn=PG-1"))).hasSize(2);
            assertThat(json(gateway.get("/api/hr-imports")).get(0).get("state").asText()).isEqualTo("done");
            // forgotten, offline: out of table terminal and the command store on PostgreSQL
            var forgotten = gateway.delete("/api/devices/PG-1");
            assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(200);
            assertThat(gateway.query("SELECT * FROM terminal WHERE sn = 'PG-1'")).isEmpty();
            assertThat(gateway.query("SELECT * FROM doorface_terminal WHERE sn = 'PG-1'")).isEmpty();
            assertThat(gateway.delete("/api/devices/PG-1").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aChangeQueuedForAnOfflineTerminalIsDeliveredAfterARestart() throws Exception {
        String user = "{\"user\":\"pq\",\"userId\":\"PQ1\",\"pwd\":\"pw\",\"name\":\"Pq\",\"role\":\"0\","
                      + "\"img\":\"" + SampleImages.jpegBase64(9) + "\"}";
        try (TestGateway gateway = start();
             SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("PG-Q").build()) {
            sim.connect().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> online(gateway, "PG-Q"));
            sim.disconnect().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !online(gateway, "PG-Q"));
            var queued = gateway.post("/api/devices/PG-Q/users", user);
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        }
        try (TestGateway gateway = start();
             SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("PG-Q").build()) {
            assertThat(json(gateway.get("/api/devices/PG-Q/commands")).get(0).get("state").asText())
                    .isEqualTo("queued");
            sim.connect().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.users().containsKey("PQ1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> json(gateway.get("/api/devices/PG-Q/commands"))
                    .get(0).get("state").asText().equals("succeeded"));
        }
    }

    @Test
    void aDuplicateInsertedAtTheSameTimeIsAnsweredAsStored() throws Exception {
        try (TestGateway gateway = start()) {
            DuplicateRace.POSTGRESQL.run(gateway, "PG-RACE", "race-1");
        }
    }

    @Test
    void aDuplicateInsertedAtTheSameTimeInABatchLeavesTheOtherEventsStored() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(DuplicateRace.ONE_BATCH_OF_THREE);
        settings.putAll(Map.of("db.url", SERVER + "?currentSchema=" + schema, "db.user", USER, "db.password", ""));
        try (TestGateway gateway = TestGateway.start(dataDir, settings)) {
            DuplicateRace.POSTGRESQL.runInBatch(gateway, "PG-BATCH", "race-1");
        }
    }

    private static boolean online(TestGateway gateway, String sn) throws Exception {
        for (JsonNode device : json(gateway.get("/api/devices"))) {
            if (sn.equals(device.get("sn").asText())) {
                return device.get("online").asBoolean();
            }
        }
        return false;
    }
}
