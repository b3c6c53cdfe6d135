package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same (sn, eventid) inserted twice at once on H2 is "already stored": answered 200, alone or within a batch
 * (whose other events are stored all the same), whether each batch is inserted before it is answered (as on
 * PostgreSQL) or behind the answer by the access journal (the default).
 */
class DuplicateEventRaceTest {

    @TempDir
    Path dataDir;

    @Test
    void aDuplicateInsertedAtTheSameTimeIsAnsweredAsStored() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, DuplicateRace.NO_JOURNAL)) {
            DuplicateRace.H2.run(gateway, "RACE-H2", "race-1");
        }
    }

    @Test
    void aDuplicateInsertedAtTheSameTimeInABatchLeavesTheOtherEventsStored() throws Exception {
        Map<String, String> settings = new HashMap<>(DuplicateRace.ONE_BATCH_OF_THREE);
        settings.putAll(DuplicateRace.NO_JOURNAL);
        try (TestGateway gateway = TestGateway.start(dataDir, settings)) {
            DuplicateRace.H2.runInBatch(gateway, "BATCH-H2", "race-1");
        }
    }

    @Test
    void aDuplicateInsertedBehindTheAnswerIsStoredOnce() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            DuplicateRace.H2.runBehindTheAnswer(gateway, "JOURNAL-H2", "race-1");
        }
    }

    /**
     * A row that cannot be stored (a userId too long for its column) fails only its own event: its terminal is
     * answered 500, the others of the batch 200 with their rows stored.
     */
    @Test
    void aRowThatCannotBeStoredFailsOnlyItsOwnEvent() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, DuplicateRace.ONE_BATCH_OF_THREE);
             SimulatedTerminal bad = SimulatedTerminal.builder(gateway.wsUrl()).sn("BAD").build();
             SimulatedTerminal good1 = SimulatedTerminal.builder(gateway.wsUrl()).sn("GOOD-1").build();
             SimulatedTerminal good2 = SimulatedTerminal.builder(gateway.wsUrl()).sn("GOOD-2").build()) {
            for (SimulatedTerminal terminal : List.of(bad, good1, good2)) {
                terminal.connect().get(30, TimeUnit.SECONDS);
            }
            List<CompletableFuture<String>> first = List.of(bad.sendAccessEvent("b0", "u".repeat(100)),
                    good1.sendAccessEvent("g1", "U1"), good2.sendAccessEvent("g2", "U1"));
            assertThat(first.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("500");
            assertThat(first.get(1).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(first.get(2).get(30, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(gateway.query("SELECT event_id FROM access_event WHERE sn LIKE 'GOOD-%'")).hasSize(2);

            List<CompletableFuture<String>> again = List.of(bad.sendAccessEvent("b1", "U1"),
                    good1.sendAccessEvent("g3", "U1"), good2.sendAccessEvent("g2", "U1"));
            for (CompletableFuture<String> answer : again) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("200");
            }
            assertThat(gateway.query("SELECT event_id FROM access_event WHERE sn IN ('BAD', 'GOOD-1', 'GOOD-2')"))
                    .hasSize(4);
        }
    }

    /** Only a unique-key violation is "already stored": any other failure of the insert is still answered 500. */
    @Test
    void anotherDatabaseFailureIsStillAnswered500() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn("RACE-H2B").build()) {
            terminal.connect().get(30, TimeUnit.SECONDS);
            // event_id is VARCHAR(128): a longer id fails the INSERT (value too long)
            assertThat(terminal.sendAccessEvent("x".repeat(200), "U1").get(30, TimeUnit.SECONDS)).isEqualTo("500");
            assertThat(terminal.sendAccessEvent("short-1", "U1").get(30, TimeUnit.SECONDS)).isEqualTo("200");
        }
    }
}
