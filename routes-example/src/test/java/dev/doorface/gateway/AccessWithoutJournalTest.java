package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With access.journal=false, the way of PostgreSQL and of a cluster's nodes, on H2: each batch is committed to the
 * table before its terminals are answered, so a table that cannot be written is answered 500 and the terminal's
 * report again is stored.
 */
class AccessWithoutJournalTest {

    @TempDir
    Path dataDir;

    @Test
    void aTableThatCannotBeWrittenIsAnswered500AndTheReportAgainStored() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir, DuplicateRace.NO_JOURNAL);
             SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn("DIRECT").build()) {
            terminal.connect().get(30, TimeUnit.SECONDS);
            assertThat(gateway.context().getRegistry().lookupByName(AccessEvents.BEAN))
                    .isInstanceOf(DirectAccessEvents.class);

            gateway.execute("ALTER TABLE access_event RENAME TO access_event_parked");
            String code;
            try {
                code = terminal.sendAccessEvent("ev-db", "U3").get(10, TimeUnit.SECONDS);
            } finally {
                gateway.execute("ALTER TABLE access_event_parked RENAME TO access_event");
            }
            assertThat(code).isEqualTo("500");
            assertThat(gateway.query("SELECT 1 FROM access_event WHERE event_id = 'ev-db'")).isEmpty();

            assertThat(terminal.sendAccessEvent("ev-db", "U3").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            assertThat(gateway.query("SELECT 1 FROM access_event WHERE event_id = 'ev-db'")).hasSize(1);
        }
    }
}
