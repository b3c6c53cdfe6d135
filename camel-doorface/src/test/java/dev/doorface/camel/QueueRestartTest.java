package dev.doorface.camel;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.QueuedCommandResult;
import dev.doorface.camel.queue.CommandState;
import dev.doorface.camel.queue.JdbcCommandStore;
import dev.doorface.camel.queue.QueuedCommand;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway stopped between queueing and the terminal's return, one command even written and unanswered, started
 * again (a new CamelContext) on the same database (an H2 file; PostgreSQL where one answers): nothing is lost, the command sent but unanswered is sent again.
 */
class QueueRestartTest {

    private static final long WAIT = DoorfaceTestSupport.PROMPTLY.toSeconds();

    @TempDir
    Path dir;

    private final int port = AvailablePortFinder.getNextAvailable();

    private DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("queue").toAbsolutePath() + ";WRITE_DELAY=0");
        ds.setUser("sa");
        return ds;
    }

    private CamelContext gateway(DataSource ds) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("store", new JdbcCommandStore(ds));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:queue").to("doorface:127.0.0.1:" + port + "/door?whenOffline=queue&commandStore=#store");
            }
        });
        context.start();
        return context;
    }

    private static Exchange send(CamelContext context, String sn, DoorfaceOperation operation, Object body) {
        try (ProducerTemplate template = context.createProducerTemplate()) {
            return template.request("direct:queue", e -> {
                e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
                e.getMessage().setHeader(DoorfaceConstants.OPERATION, operation);
                e.getMessage().setBody(body);
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static QueuedCommand stored(CamelContext context, String sn, String id) {
        List<QueuedCommand> list = send(context, sn, DoorfaceOperation.listCommands, null).getMessage()
                .getBody(List.class);
        return list.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRestartedGatewayOnTheSameH2FileLosesNothing() throws Exception {
        restartLosesNothing(h2());
    }

    /** The same on PostgreSQL, where one listens on 127.0.0.1:5432 (user postgres, no password, database test). */
    @Test
    void aRestartedGatewayOnTheSamePostgresqlLosesNothing() throws Exception {
        String schema = "doorface_restart_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource admin = postgres(null);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL restart test skipped: no PostgreSQL accepting user postgres without a"
                              + " password at 127.0.0.1:5432/test (" + e.getMessage() + ")");
        }
        try {
            restartLosesNothing(postgres(schema));
        } finally {
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static PGSimpleDataSource postgres(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { 5432 });
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        ds.setLoginTimeout(3);
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }

    private void restartLosesNothing(DataSource ds) throws Exception {
        String img = SampleImages.jpegBase64(5);
        CamelContext first = gateway(ds);
        try (SimulatedTerminal terminal = SimulatedTerminal.builder("ws://127.0.0.1:" + port + "/door").sn("R1")
                .build()) {
            terminal.connect().get(WAIT, TimeUnit.SECONDS);
            terminal.disconnect().get(WAIT, TimeUnit.SECONDS);
            await().atMost(DoorfaceTestSupport.PROMPTLY).until(() -> first.getComponent("doorface",
                    DoorfaceComponent.class).getGateway("127.0.0.1", port).registeredTerminals() == 0);

            Exchange one = send(first, "R1", DoorfaceOperation.addUser,
                    new DoorUser("a", "7001", "1", "A", "0", img));
            Exchange two = send(first, "R1", DoorfaceOperation.addUser,
                    new DoorUser("b", "7002", "1", "B", "0", img));
            String sentId = one.getMessage().getBody(QueuedCommandResult.class).commandId();
            String queuedId = two.getMessage().getBody(QueuedCommandResult.class).commandId();

            // the terminal takes the first command and never answers it; then the gateway goes
            terminal.behaviour(Behaviour.SILENT);
            terminal.connect().get(WAIT, TimeUnit.SECONDS);
            await().atMost(DoorfaceTestSupport.PROMPTLY).until(() -> terminal.receivedCommands().size() == 1);
            assertThat(stored(first, "R1", sentId).state()).isEqualTo(CommandState.SENT);
            first.stop();
            terminal.closed().get(WAIT, TimeUnit.SECONDS);

            CamelContext second = gateway(ds);
            try {
                terminal.behaviour(Behaviour.NORMAL);
                terminal.connect().get(WAIT, TimeUnit.SECONDS);
                await().atMost(DoorfaceTestSupport.PROMPTLY)
                        .until(() -> stored(second, "R1", queuedId).state() == CommandState.SUCCEEDED);
                QueuedCommand resent = stored(second, "R1", sentId);
                assertThat(resent.state()).isEqualTo(CommandState.SUCCEEDED);
                assertThat(resent.attempts()).isEqualTo(2);
                assertThat(terminal.users()).containsOnlyKeys("7001", "7002");
                assertThat(terminal.users().get("7002").img()).isEqualTo(img);
            } finally {
                second.stop();
            }
        } finally {
            first.stop();
        }
    }
}
