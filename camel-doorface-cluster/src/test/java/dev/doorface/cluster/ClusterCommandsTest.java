package dev.doorface.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.camel.queue.JdbcCommandStore;
import dev.doorface.camel.model.QueuedCommandResult;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway nodes in one JVM (two CamelContexts on two ports) with one PostgreSQL directory and one NATS server:
 * commands sent on one node reach terminals connected to the other, with the answers and failures of one node.
 */
class ClusterCommandsTest {

    private static final long WAIT = 20;

    private ClusterServices services;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private int portA;
    private int portB;
    private CamelContext nodeA;
    private CamelContext nodeB;

    @BeforeEach
    void startNodes() throws Exception {
        services = ClusterServices.start("Cluster command tests");
        portA = AvailablePortFinder.getNextAvailable();
        portB = AvailablePortFinder.getNextAvailable();
        nodeA = node("A", portA);
        nodeB = node("B", portB);
    }

    private CamelContext node(String name, int port) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("doorface", DoorfaceComponent.class).setCluster(services.cluster(name));
        context.getRegistry().bind("store", new JdbcCommandStore(services.dataSource()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:command").to("doorface:127.0.0.1:" + port + "/door?requestTimeout=5000");
                from("direct:queue").to("doorface:127.0.0.1:" + port
                                        + "/door?whenOffline=queue&commandStore=#store&requestTimeout=5000");
            }
        });
        context.start();
        closing.add(0, context);
        return context;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (services != null) {
            services.close();
        }
    }

    private SimulatedTerminal terminal(String sn, int port) throws Exception {
        SimulatedTerminal terminal = SimulatedTerminal.builder("ws://127.0.0.1:" + port + "/door").sn(sn).build();
        closing.add(0, terminal);
        terminal.connect().get(WAIT, TimeUnit.SECONDS);
        return terminal;
    }

    private static Exchange send(CamelContext node, String route, String sn, DoorfaceOperation operation, Object body) {
        try (ProducerTemplate template = node.createProducerTemplate()) {
            return template.request(route, e -> {
                e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
                e.getMessage().setHeader(DoorfaceConstants.OPERATION, operation);
                e.getMessage().setBody(body);
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the directory lists sn: a registration reaches it just after the terminal's answer. */
    private void awaitListed(CamelContext node, String... sns) {
        await().atMost(WAIT, TimeUnit.SECONDS).until(() -> node.getComponent("doorface", DoorfaceComponent.class)
                .getGateways().get(0).router().terminals().containsAll(List.of(sns)));
    }

    @Test
    void aCommandSentOnOneNodeReachesATerminalOnTheOther() throws Exception {
        SimulatedTerminal onA = terminal("CA1", portA);
        awaitListed(nodeB, "CA1");

        Exchange done = send(nodeB, "direct:command", "CA1", DoorfaceOperation.addUser,
                new DoorUser("ann", "501", "1", "Ann", "0", SampleImages.jpegBase64(20)));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(CommandResult.class).code()).isEqualTo("200");
        assertThat(onA.users()).containsKey("501");
        assertThat(onA.users().get("501").img()).isEqualTo(SampleImages.jpegBase64(20));
    }

    @Test
    void aTerminalOnNoNodeIsNotConnected() {
        Exchange done = send(nodeB, "direct:command", "NOWHERE", DoorfaceOperation.deleteUser, "501");
        assertThat(done.getException()).isInstanceOf(TerminalNotConnectedException.class);
    }

    @Test
    void aListBiggerThanOneNatsMessageCrossesInParts() throws Exception {
        // 24 users with 60 KB photos: about 2 MB of answer against NATS's 1 MB messages
        SimulatedTerminal onA = SimulatedTerminal.builder("ws://127.0.0.1:" + portA + "/door").sn("CA2")
                .generatedUsers(24, 60_000).build();
        closing.add(0, onA);
        onA.connect().get(WAIT, TimeUnit.SECONDS);
        awaitListed(nodeB, "CA2");

        Exchange done = send(nodeB, "direct:command", "CA2", DoorfaceOperation.selectUser, null);

        assertThat(done.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<DoorUser> users = done.getMessage().getBody(List.class);
        assertThat(users).hasSize(24);
        assertThat(users.get(0).photoSha256()).isNotNull();
    }

    @Test
    void aNewerRegistrationOnAnotherNodeClosesTheOlderConnection() throws Exception {
        SimulatedTerminal first = terminal("CA3", portA);
        awaitListed(nodeB, "CA3");
        SimulatedTerminal second = terminal("CA3", portB);

        assertThat(first.closed().get(WAIT, TimeUnit.SECONDS)).isEqualTo(4001);
        Exchange done = send(nodeA, "direct:command", "CA3", DoorfaceOperation.addUser,
                new DoorUser("bob", "502", "1", "Bob", "0", SampleImages.jpegBase64(3)));
        assertThat(done.getException()).isNull();
        assertThat(second.users()).containsKey("502");
        assertThat(second.isConnected()).isTrue();
    }

    @Test
    void aBroadcastReachesTheTerminalsOfEveryNode() throws Exception {
        SimulatedTerminal onA = terminal("CB1", portA);
        SimulatedTerminal onB = terminal("CB2", portB);
        awaitListed(nodeB, "CB1", "CB2");

        Exchange done = send(nodeB, "direct:command", "*", DoorfaceOperation.addUser,
                new DoorUser("cid", "503", "1", "Cid", "0", SampleImages.jpegBase64(3)));

        @SuppressWarnings("unchecked")
        List<TerminalResult> results = done.getMessage().getBody(List.class);
        assertThat(results).extracting(TerminalResult::sn).containsExactly("CB1", "CB2");
        assertThat(results).allSatisfy(r -> assertThat(r.ok()).isTrue());
        assertThat(onA.users()).containsKey("503");
        assertThat(onB.users()).containsKey("503");
    }

    @Test
    void aCommandQueuedOnOneNodeIsDeliveredWhereTheTerminalRegisters() throws Exception {
        Exchange queued = send(nodeB, "direct:queue", "CQ1", DoorfaceOperation.addUser,
                new DoorUser("dee", "504", "1", "Dee", "0", SampleImages.jpegBase64(3)));
        assertThat(queued.getMessage().getBody()).isInstanceOf(QueuedCommandResult.class);

        SimulatedTerminal onA = terminal("CQ1", portA);
        await().atMost(WAIT, TimeUnit.SECONDS).until(() -> onA.users().containsKey("504"));
    }

    @Test
    void aQueueingProducerSendsAtOnceToATerminalOnAnotherNode() throws Exception {
        SimulatedTerminal onA = terminal("CQ2", portA);
        awaitListed(nodeB, "CQ2");

        Exchange direct = send(nodeB, "direct:queue", "CQ2", DoorfaceOperation.addUser,
                new DoorUser("eve", "505", "1", "Eve", "0", SampleImages.jpegBase64(3)));

        assertThat(direct.getException()).isNull();
        assertThat(onA.users()).containsKey("505");
    }
}
