package dev.doorface.camel.queue;

import java.nio.file.Path;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class H2CommandStoreTest extends CommandStoreContract {

    @TempDir
    Path dir;

    static JdbcDataSource h2(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("commands").toAbsolutePath() + ";WRITE_DELAY=0");
        ds.setUser("sa");
        return ds;
    }

    @Override
    CommandStore store() {
        return new JdbcCommandStore(h2(dir));
    }

    @Test
    void aSecondStoreOnTheSameDatabaseSeesWhatTheFirstStored() {
        CommandStore first = store();
        QueuedCommand a = command("T7", "addUser", null, Long.MAX_VALUE);
        first.add(List.of(a));
        first.rememberTerminal("T7");

        CommandStore second = store();
        assertThat(second.pending("T7")).containsExactly(a);
        assertThat(second.knownTerminals()).containsExactly("T7");
    }
}
