package dev.doorface.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.TerminalDisconnectedException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node killed the hard way (SIGKILL: no shutdown, nothing released) while its terminal has a queued command it was
 * sent and never answered, and a command from another node waiting behind it: the other node's producer learns of it
 * when the dead node's lease ends (not at the command's timeout): with whenOffline=queue it stores the command,
 * without it the exchange fails as if the terminal had disconnected; the
 * dead node's terminals leave the directory; the terminal reconnecting to the surviving node gets both there.
 */
class NodeDeathTest {

    private static final long LEASE_MILLIS = 1500;

    private ClusterServices services;
    private Process nodeA;
    private CamelContext nodeB;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (nodeA != null) {
            nodeA.destroyForcibly().waitFor();
        }
        if (nodeB != null) {
            nodeB.stop();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theSurvivorTakesOverWhatTheDeadNodeHeld() throws Exception {
        services = ClusterServices.start("Node death test");
        int portA = AvailablePortFinder.getNextAvailable();
        int portB = AvailablePortFinder.getNextAvailable();
        nodeA = startNode(portA, "A");
        nodeB = new DefaultCamelContext();
        DoorfaceCluster cluster = services.cluster("B");
        cluster.setLeaseMillis(LEASE_MILLIS);
        nodeB.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        JdbcCommandStore store = new JdbcCommandStore(services.dataSource());
        nodeB.getRegistry().bind("store", store);
        nodeB.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:queue").to("doorface:127.0.0.1:" + portB
                                        + "/door?whenOffline=queue&commandStore=#store&requestTimeout=120000");
                from("direct:command").to("doorface:127.0.0.1:" + portB + "/door?requestTimeout=120000");
            }
        });
        nodeB.start();

        // queued while the terminal is away, then sent by A, which the silent terminal never answers
        QueuedCommandResult queued = send("direct:queue", "D1", new DoorUser("q", "601", "1", "Queued", "0",
                SampleImages.jpegBase64(3))).join().getMessage().getBody(QueuedCommandResult.class);
        SimulatedTerminal onA = SimulatedTerminal.builder("ws://127.0.0.1:" + portA + "/door").sn("D1").build();
        closing.add(onA);
        onA.behaviour(Behaviour.SILENT);
        onA.connect().get(20, TimeUnit.SECONDS);
        await().atMost(20, TimeUnit.SECONDS).until(() -> stateOf(store, queued.commandId()) == CommandState.SENT);
        // and one direct command from B, in flight on A's terminal (it waits behind the queued one)
        CompletableFuture<Exchange> inFlight = send("direct:queue", "D1", new DoorUser("d", "602", "1", "Direct",
                "0", SampleImages.jpegBase64(3)));
        CompletableFuture<Exchange> unqueued = send("direct:command", "D1", new DoorUser("u", "603", "1", "Unqueued",
                "0", SampleImages.jpegBase64(3)));
        // both sent to A (not refused before they left): what is lost is what a dead node held
        await().atMost(20, TimeUnit.SECONDS).until(() -> cluster.commandsWaitingElsewhere() == 2);

        nodeA.destroyForcibly().waitFor();

        // it ends when A's lease does (its timeout is two minutes), and is stored for the terminal's return
        Exchange ended = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(ended.getException()).isNull();
        assertThat(ended.getMessage().getBody()).isInstanceOf(QueuedCommandResult.class);
        // without queueing, the caller gets what a terminal's disconnection gives on one node
        assertThat(unqueued.get(30, TimeUnit.SECONDS).getException())
                .isInstanceOf(TerminalDisconnectedException.class);
        await().atMost(20, TimeUnit.SECONDS).until(() -> !router().terminals().contains("D1"));

        // a load balancer sends the terminal to the survivor: the command A sent and lost comes again there
        SimulatedTerminal onB = SimulatedTerminal.builder("ws://127.0.0.1:" + portB + "/door").sn("D1").build();
        closing.add(0, onB);
        onB.connect().get(20, TimeUnit.SECONDS);
        await().atMost(20, TimeUnit.SECONDS).until(() -> onB.users().containsKey("601")
                                                         && onB.users().containsKey("602"));
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> stateOf(store, queued.commandId()) == CommandState.SUCCEEDED);
        assertThat(onA.users()).doesNotContainKey("601");
    }

    private dev.doorface.camel.gateway.CommandRouter router() {
        return nodeB.getComponent("doorface", DoorfaceComponent.class).getGateways().get(0).router();
    }

    private static CommandState stateOf(JdbcCommandStore store, String id) {
        return store.find(id).map(QueuedCommand::state).orElse(null);
    }

    private CompletableFuture<Exchange> send(String route, String sn, DoorUser user) {
        ProducerTemplate template = nodeB.createProducerTemplate();
        return template.asyncSend(route, e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.addUser);
            e.getMessage().setBody(user);
        });
    }

    private Process startNode(int port, String name) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutLogConfig = Arrays.stream(classpath.split(File.pathSeparator))
                .collect(Collectors.joining(File.pathSeparator));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlog4j2.configurationFile=log4j2-node.xml", "-cp", withoutLogConfig,
                NodeMain.class.getName(), Integer.toString(port), services.schema, services.clusterName, name,
                Long.toString(LEASE_MILLIS)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("READY")) {
                        return true;
                    }
                }
            } catch (java.io.IOException e) {
                return false;
            }
            return false;
        });
        assertThat(ready.get(60, TimeUnit.SECONDS)).as("node %s started", name).isTrue();
        // keep reading its output so that it never blocks on a full pipe
        CompletableFuture.runAsync(() -> out.lines().forEach(line -> { }));
        return process;
    }
}
