package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/hr-imports and GET /api/hr-imports/{id}: each HR file dropped is an import, listed newest first and paged
 * by id, with its results per row and terminal; an import left running by a stopped gateway is finished on the next
 * start; a database from before table hr_import existed still starts.
 */
class HrImportsApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void importsAreListedNewestFirstWithTheirResultsPerRowAndTerminal() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal online = connected(gateway, "HR-ON")) {
            // a known terminal that is offline: its results are queued
            try (SimulatedTerminal gone = connected(gateway, "HR-OFF")) {
                gone.disconnect().get(10, TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> gateway.query(
                        "SELECT 1 FROM terminal WHERE NOT online AND sn = 'HR-OFF'").size() == 1);
            }
            Files.write(gateway.dataDir.resolve(HrImport.INBOX).resolve("p.jpg"), SampleImages.jpeg(81));
            drop(gateway, "first.csv", """
                    action,userId,user,name,pwd,role,photo
                    add,A1,ann,Ann,pw,0,p.jpg
                    fire,A2,,,,,
                    edit,A1,,Ann Smith,,,
                    """);
            JsonNode first = finished(gateway, "first.csv");
            assertThat(first.get("rows").asInt()).isEqualTo(3);
            assertThat(first.get("failedRows").asInt()).isEqualTo(1);
            assertThat(first.get("state").asText()).isEqualTo("done");
            OffsetDateTime started = OffsetDateTime.parse(first.get("startedAt").asText());
            OffsetDateTime ended = OffsetDateTime.parse(first.get("finishedAt").asText());
            assertThat(ended).isAfterOrEqualTo(started);
            assertThat(fieldNames(first)).containsExactly("id", "fileName", "startedAt", "finishedAt", "rows",
                    "failedRows", "state");

            JsonNode detail = ok(gateway, "/api/hr-imports/" + first.get("id").asLong());
            assertThat(fieldNames(detail)).containsExactly("id", "fileName", "startedAt", "finishedAt", "rows",
                    "failedRows", "state", "results");
            assertThat(detail.get("fileName").asText()).isEqualTo("first.csv");
            List<String> results = new ArrayList<>();
            for (JsonNode r : detail.get("results")) {
                assertThat(fieldNames(r)).containsExactly("line", "action", "userId", "sn", "ok", "code", "message");
                results.add(r.get("line").asInt() + " " + r.get("action").asText() + " " + r.get("userId").asText()
                            + " " + r.get("sn").asText() + " " + r.get("ok").asBoolean() + " "
                            + r.get("code").asText());
            }
            // in line order; within a line, one result per terminal
            assertThat(results.subList(0, 2)).containsExactlyInAnyOrder("2 add A1 HR-ON true 200",
                    "2 add A1 HR-OFF true queued");
            assertThat(results.get(2)).isEqualTo("3 fire A2 null false null");
            assertThat(results.subList(3, 5)).containsExactlyInAnyOrder("4 edit A1 HR-ON true 200",
                    "4 edit A1 HR-OFF true queued");
            assertThat(results).hasSize(5);
            assertThat(detail.get("results").get(2).get("message").asText()).contains("action");
            assertThat(online.users().get("A1").name()).isEqualTo("Ann Smith");

            drop(gateway, "second.csv", "action,userId,user,name,pwd,role,photo\nedit,A1,,Ann Jones,,,\n");
            JsonNode second = finished(gateway, "second.csv");
            assertThat(second.get("failedRows").asInt()).isZero();
            long firstId = first.get("id").asLong();
            long secondId = second.get("id").asLong();

            // newest first, paged by before
            assertThat(ids(ok(gateway, "/api/hr-imports"))).containsExactly(secondId, firstId);
            assertThat(ids(ok(gateway, "/api/hr-imports?limit=1"))).containsExactly(secondId);
            assertThat(ids(ok(gateway, "/api/hr-imports?limit=1&before=" + secondId))).containsExactly(firstId);
            assertThat(ids(ok(gateway, "/api/hr-imports?before=" + firstId))).isEmpty();

            // errors, as JSON
            error(gateway, "/api/hr-imports/" + (secondId + 1000), 404, "no HR import");
            error(gateway, "/api/hr-imports/abc", 400, "{id}");
            error(gateway, "/api/hr-imports/-1", 400, "{id}");
            error(gateway, "/api/hr-imports?before=x", 400, "before");
            error(gateway, "/api/hr-imports?limit=0", 400, "limit");
        }
    }

    @Test
    void anImportLeftRunningByAStoppedGatewayIsFinishedOnTheNextStart() throws Exception {
        long id;
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            // what a gateway killed in the middle of a file of three rows leaves: the first row applied, the second
            // failed, the third never tried
            gateway.execute("INSERT INTO hr_import (file_name, row_count) VALUES ('cut.csv', 3)");
            id = ((Number) gateway.query("SELECT id FROM hr_import").get(0).get("id")).longValue();
            gateway.execute("INSERT INTO hr_result (import_id, file_name, line, action, user_id, sn, ok, code, message)"
                            + " VALUES (" + id + ", 'cut.csv', 2, 'add', 'C1', 'T1', TRUE, '200', 'ok'),"
                            + " (" + id + ", 'cut.csv', 3, 'add', 'C2', 'T1', FALSE, '400', 'refused')");
            JsonNode running = ok(gateway, "/api/hr-imports/" + id);
            assertThat(running.get("state").asText()).isEqualTo("running");
            assertThat(running.get("finishedAt").isNull()).isTrue();
            assertThat(running.get("failedRows").asInt()).as("counted from its results so far").isEqualTo(1);
            assertThat(running.get("results")).hasSize(2);
        }
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            JsonNode done = ok(gateway, "/api/hr-imports/" + id);
            assertThat(done.get("state").asText()).isEqualTo("done");
            assertThat(done.get("finishedAt").isNull()).isFalse();
            assertThat(done.get("failedRows").asInt()).as("the failed row and the row never tried").isEqualTo(2);
        }
    }

    @Test
    void aDatabaseFromBeforeHrImportsStartsAndKeepsItsResults() throws Exception {
        // hr_result as the gateway created it before imports were recorded
        try (Connection c = DriverManager.getConnection(GatewayDatabase.h2Url(dataDir), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE hr_result (
                        id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                        file_name    VARCHAR(255) NOT NULL,
                        line         INT NOT NULL,
                        action       VARCHAR(16),
                        user_id      VARCHAR(64),
                        sn           VARCHAR(64),
                        ok           BOOLEAN NOT NULL,
                        code         VARCHAR(16),
                        message      VARCHAR(1000),
                        processed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
                    )""");
            s.execute("INSERT INTO hr_result (file_name, line, action, user_id, sn, ok) VALUES ('old.csv', 2, 'add',"
                      + " 'O1', 'T1', TRUE)");
        }
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal sim = connected(gateway, "HR-OLD")) {
            assertThat(ok(gateway, "/api/hr-imports")).isEmpty();
            assertThat(gateway.query("SELECT import_id FROM hr_result WHERE file_name = 'old.csv'"))
                    .singleElement().satisfies(r -> assertThat(r.get("import_id")).isNull());
            drop(gateway, "new.csv", "action,userId,user,name,pwd,role,photo\nedit,O1,,Olga,,,\n");
            JsonNode imported = finished(gateway, "new.csv");
            assertThat(ok(gateway, "/api/hr-imports/" + imported.get("id").asLong()).get("results")).hasSize(1);
        }
    }

    private static SimulatedTerminal connected(TestGateway gateway, String sn) throws Exception {
        SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn(sn).build();
        sim.connect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> gateway.query(
                "SELECT 1 FROM terminal WHERE online AND sn = '" + sn + "'").size() == 1);
        return sim;
    }

    private static void drop(TestGateway gateway, String name, String content) throws Exception {
        Path temp = gateway.dataDir.resolve(name + ".part");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, gateway.dataDir.resolve(HrImport.INBOX).resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The import of this file once it is done, as GET /api/hr-imports lists it. */
    private static JsonNode finished(TestGateway gateway, String fileName) {
        return await().atMost(WAIT).until(() -> {
            for (JsonNode i : ok(gateway, "/api/hr-imports")) {
                if (i.get("fileName").asText().equals(fileName) && i.get("state").asText().equals("done")) {
                    return i;
                }
            }
            return null;
        }, i -> i != null);
    }

    private static JsonNode ok(TestGateway gateway, String path) throws Exception {
        HttpResponse<String> response = gateway.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return json(response);
    }

    private static void error(TestGateway gateway, String path, int status, String contains) throws Exception {
        HttpResponse<String> response = gateway.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(contains);
    }

    private static List<Long> ids(JsonNode imports) {
        List<Long> out = new ArrayList<>();
        imports.forEach(i -> out.add(i.get("id").asLong()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
