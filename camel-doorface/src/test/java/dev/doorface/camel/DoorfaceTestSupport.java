package dev.doorface.camel;

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
import org.junit.jupiter.api.AfterEach;

import static org.awaitility.Awaitility.await;

/**
 * A Camel context with doorface routes on a free loopback port, and simulated terminals that are closed after each
 * test.
 */
public abstract class DoorfaceTestSupport extends CamelTestSupport {

    /** Generous bound for anything that should happen promptly: tests wait, they never race the clock. */
    protected static final Duration PROMPTLY = Duration.ofSeconds(20);

    protected final int port = AvailablePortFinder.getNextAvailable();
    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    /** The endpoint URI of the gateway under test, with extra options (without the leading ?). */
    protected String gateway(String options) {
        return "doorface:127.0.0.1:" + port + "/door" + (options == null || options.isEmpty() ? "" : "?" + options);
    }

    protected String terminalUrl() {
        return "ws://127.0.0.1:" + port + "/door";
    }

    protected SimulatedTerminal.Builder terminal(String sn) {
        return SimulatedTerminal.builder(terminalUrl()).sn(sn);
    }

    /** Connects (and registers) a terminal, closed after the test. */
    protected SimulatedTerminal connect(SimulatedTerminal.Builder builder) throws Exception {
        SimulatedTerminal terminal = builder.build();
        terminals.add(terminal);
        terminal.connect().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        return terminal;
    }

    /** The terminals closed after the test: add those connected without {@link #connect}. */
    protected List<SimulatedTerminal> trackedTerminals() {
        return terminals;
    }

    protected SimulatedTerminal connect(String sn) throws Exception {
        return connect(terminal(sn));
    }

    protected static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until the mock has received at least n exchanges and returns them. */
    protected static List<Exchange> received(MockEndpoint mock, int n) {
        await().atMost(PROMPTLY).until(() -> mock.getReceivedExchanges().size() >= n);
        return mock.getReceivedExchanges();
    }

    @AfterEach
    protected void closeTerminals() {
        terminals.forEach(SimulatedTerminal::close);
        terminals.clear();
    }
}
