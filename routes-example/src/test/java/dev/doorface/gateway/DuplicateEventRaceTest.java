package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same (sn, eventid) inserted twice at once on the default H2 database is "already stored": answered 200. */
class DuplicateEventRaceTest {

    @TempDir
    Path dataDir;

    @Test
    void aDuplicateInsertedAtTheSameTimeIsAnsweredAsStored() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            DuplicateRace.H2.run(gateway, "RACE-H2", "race-1");
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
