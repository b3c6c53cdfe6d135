package dev.doorface.cluster;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory's rules on the real PostgreSQL: newest registration wins, compare before delete, leases. */
class TerminalDirectoryTest {

    private ClusterServices services;
    private TerminalDirectory directory;
    private long nodeA;
    private long nodeB;

    @BeforeEach
    void nodes() {
        services = ClusterServices.start("Terminal directory tests");
        directory = new TerminalDirectory(services.dataSource(), services.clusterName);
        directory.createTables();
        nodeA = directory.join("A", "127.0.0.1:1", 60_000);
        nodeB = directory.join("B", "127.0.0.1:2", 60_000);
    }

    @AfterEach
    void drop() throws Exception {
        services.close();
    }

    @Test
    void theLastClaimWinsAndNamesTheHolderItReplaced() {
        assertThat(directory.claim("T1", nodeA, 11)).isNull();
        TerminalDirectory.Holder replaced = directory.claim("T1", nodeB, 21);
        assertThat(replaced).isEqualTo(new TerminalDirectory.Holder(nodeA, 11));
        assertThat(directory.locate("T1")).isEqualTo(nodeB);
    }

    @Test
    void aLateReleaseOfAReplacedConnectionLeavesTheNewerOne() {
        directory.claim("T2", nodeA, 12);
        directory.claim("T2", nodeB, 22);
        assertThat(directory.release("T2", nodeA, 12)).isFalse();
        assertThat(directory.locate("T2")).isEqualTo(nodeB);
        assertThat(directory.release("T2", nodeB, 22)).isTrue();
        assertThat(directory.locate("T2")).isNull();
    }

    @Test
    void aClaimRetriedLateNeverUndoesARegistrationOnALiveNode() throws Exception {
        directory.claim("T3", nodeB, 23);
        assertThat(directory.claimUnlessHeld("T3", nodeA, 13)).isFalse();
        assertThat(directory.locate("T3")).isEqualTo(nodeB);

        // once B's lease has run out, A's registration is the one that stands
        try (Connection c = services.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE doorface_cluster_node SET lease_until = now() - interval '1 second' WHERE epoch = "
                            + nodeB);
        }
        assertThat(directory.locate("T3")).isNull();
        assertThat(directory.claimUnlessHeld("T3", nodeA, 13)).isTrue();
        assertThat(directory.locate("T3")).isEqualTo(nodeA);
    }

    @Test
    void aNodeWhoseLeaseRanOutHoldsNothingAndIsPurgedLater() throws Exception {
        directory.claim("T4", nodeB, 24);
        assertThat(directory.terminals()).contains("T4");
        try (Connection c = services.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE doorface_cluster_node SET lease_until = now() - interval '10 seconds'"
                            + " WHERE epoch = " + nodeB);
        }
        assertThat(directory.terminals()).doesNotContain("T4");
        assertThat(directory.liveEpochs()).containsExactly(nodeA);
        assertThat(directory.purge(5_000)).isEqualTo(1);
        assertThat(directory.renew(nodeB, 60_000)).as("B's row is gone: it must join again").isFalse();
    }

    @Test
    void aNodeStartingUnderItsOldNameForgetsWhatItsEarlierLifeHeld() {
        directory.claim("T5", nodeA, 15);
        long again = directory.join("A", "127.0.0.1:1", 60_000);
        assertThat(again).isNotEqualTo(nodeA);
        assertThat(directory.locate("T5")).isNull();
    }
}
