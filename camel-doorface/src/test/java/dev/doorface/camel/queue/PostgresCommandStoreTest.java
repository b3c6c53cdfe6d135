package dev.doorface.camel.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC store on PostgreSQL: runs where one listens on 127.0.0.1:5432 accepting user postgres without a password
 * into database test; skipped, saying so, elsewhere. Each run works in a schema of its own, dropped at the end.
 */
class PostgresCommandStoreTest extends CommandStoreContract {

    static String schema;
    static String unavailable;

    @BeforeAll
    static void createSchema() {
        schema = "doorface_queue_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            schema = null;
            unavailable = "PostgreSQL command store tests skipped: no PostgreSQL accepting user postgres without a"
                          + " password at 127.0.0.1:5432/test (" + e.getMessage() + ")";
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @BeforeEach
    void needsPostgresql() {
        Assumptions.assumeTrue(schema != null, () -> unavailable);
    }

    static PGSimpleDataSource dataSource(String currentSchema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { 5432 });
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        ds.setLoginTimeout(3);
        if (currentSchema != null) {
            ds.setCurrentSchema(currentSchema);
        }
        return ds;
    }

    @Override
    CommandStore store() {
        return new JdbcCommandStore(dataSource(schema));
    }
}
