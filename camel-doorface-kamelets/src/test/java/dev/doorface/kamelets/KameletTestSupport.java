package dev.doorface.kamelets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;

import static org.awaitility.Awaitility.await;

/**
 * A Camel context into which each test loads YAML routes using the Kamelets from this module's classpath, on a free
 * loopback port, and simulated terminals closed after each test.
 */
abstract class KameletTestSupport extends CamelTestSupport {

    /** Generous bound for anything that should happen promptly: tests wait, they never race the clock. */
    static final Duration PROMPTLY = Duration.ofSeconds(20);

    final int port = AvailablePortFinder.getNextAvailable();
    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    /** Loads YAML DSL routes, as Camel Main or Camel K would load a route file. */
    void loadYamlRoutes(String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("routes.yaml", yaml));
    }

    /** A terminal dialling in to ws://127.0.0.1:port/door with an optional query string, closed after the test. */
    SimulatedTerminal terminal(String sn, String query) {
        SimulatedTerminal terminal = SimulatedTerminal
                .builder("ws://127.0.0.1:" + port + "/door" + (query == null ? "" : "?" + query)).sn(sn).build();
        terminals.add(terminal);
        return terminal;
    }

    /** Connects and registers a terminal. */
    SimulatedTerminal connect(String sn) throws Exception {
        SimulatedTerminal terminal = terminal(sn, null);
        result(terminal.connect());
        return terminal;
    }

    static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until the mock has received at least n exchanges and returns them. */
    static List<Exchange> received(MockEndpoint mock, int n) {
        await().atMost(PROMPTLY).until(() -> mock.getReceivedExchanges().size() >= n);
        return mock.getReceivedExchanges();
    }

    @AfterEach
    void closeTerminals() {
        terminals.forEach(SimulatedTerminal::close);
        terminals.clear();
    }
}
