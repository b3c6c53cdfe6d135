package dev.doorface.simulator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh test server per test, and terminals that are closed after it. */
abstract class TerminalTestSupport {

    /** Generous bound for anything that should happen promptly: tests wait, they never race the clock. */
    static final Duration WAIT = Duration.ofSeconds(30);

    TestDoorServer server;
    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new TestDoorServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (SimulatedTerminal t : terminals) {
            t.close();
        }
        server.close();
    }

    SimulatedTerminal terminal(UnaryOperator<SimulatedTerminal.Builder> config) {
        SimulatedTerminal t = config.apply(SimulatedTerminal.builder(server.url())).build();
        terminals.add(t);
        return t;
    }

    /** A connected, registered terminal. */
    SimulatedTerminal connected(UnaryOperator<SimulatedTerminal.Builder> config) throws Exception {
        SimulatedTerminal t = terminal(config);
        t.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return t;
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits for the terminal's answer to a command. */
    JsonNode answerTo(String commandId) {
        return await().atMost(WAIT).until(() -> server.answers.get(commandId), a -> a != null);
    }
}
