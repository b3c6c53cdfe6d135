package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MainTest extends TerminalTestSupport {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(String... args) {
        return Main.run(args, out, err, false);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--url", "--terminals", "--events-per-second", "--duration", "--sn-prefix", "--users",
                "--photo-bytes");
    }

    @Test
    void badArgumentsExitWith2AndUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("--url is required").contains("Usage:");
        errBytes.reset();
        assertThat(run("--url", "ws://127.0.0.1:1/x", "--terminals", "many")).isEqualTo(2);
        assertThat(err()).contains("--terminals");
        errBytes.reset();
        assertThat(run("--url", "ws://127.0.0.1:1/x", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("--bogus");
        errBytes.reset();
        assertThat(run("--url", "http//nohost")).isEqualTo(2);
    }

    @Test
    void runsTerminalsThatRegisterReportEventsAndAnswerCommands() throws Exception {
        // the run is ended by an interrupt (as Ctrl-C ends it) once it has shown what it should, not after a
        // duration: on a loaded machine three seconds may see few events; --duration only bounds a hung run
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread runner = new Thread(() -> exit.complete(run(
                "--url", server.url(), "--terminals", "2", "--events-per-second=20", "--duration", "600",
                "--sn-prefix", "CLI", "--stats-interval", "0.5")), "cli-run");
        runner.start();
        await().atMost(WAIT).until(() -> server.reports("205").size() == 2);
        Set<String> sns = server.reports("205").stream().map(r -> r.path("data").path("sn").asText()).collect(Collectors.toSet());
        assertThat(sns).containsExactlyInAnyOrder("CLI000001", "CLI000002");

        server.command("m1", "selectUser", null);
        JsonNode answer = answerTo("m1");
        assertThat(answer.get("code").asText()).isEqualTo("203");

        // events from both terminals, at least 30 acknowledged, at least three status lines
        await().atMost(WAIT).until(() -> eventSns().size() == 2
                && out().lines().filter(l -> l.contains("events sent")).count() >= 3
                && out().lines().anyMatch(l -> l.contains("events sent") && number(l, "acked 200: (\\d+)") >= 30));
        runner.interrupt();
        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(eventSns()).containsExactlyInAnyOrder("CLI000001", "CLI000002");

        String output = out();
        assertThat(output).contains("events sent", "acked 200", "acked 500", "commands answered");
        String last = output.lines().filter(l -> l.contains("(final)")).findFirst().orElseThrow();
        // every event the CLI counts as acknowledged reached the server, and none it sent was refused
        int reported = server.reports("207").size();
        assertThat(number(last, "acked 200: (\\d+)")).isBetween(30, reported);
        assertThat(number(last, "events sent (\\d+)")).isGreaterThanOrEqualTo(reported);
        assertThat(number(last, "acked 500: (\\d+)")).isZero();
        assertThat(number(last, "commands answered (\\d+)")).isEqualTo(1);
        // all connections closed at the end
        await().atMost(WAIT).until(() -> server.closedConnections.get() == 2);
    }

    @Test
    void generatedUsersFromTheCommandLine() throws Exception {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread runner = new Thread(() -> exit.complete(run(
                "--url", server.url(), "--events-per-second=0", "--duration", "600", "--users", "120",
                "--photo-bytes=2000", "--stats-interval", "60")), "cli-users");
        runner.start();
        await().atMost(WAIT).until(() -> server.reports("205").size() == 1);
        server.command("u1", "selectUser", null);
        JsonNode answer = answerTo("u1");
        assertThat(answer.get("content")).hasSize(120);
        assertThat(answer.get("content").get(119).get("userId").asText()).isEqualTo("G119");
        runner.interrupt();
        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(run("--url", "ws://127.0.0.1:1/x", "--users", "-1")).isEqualTo(2);
        assertThat(err()).contains("--users");
    }

    private Set<String> eventSns() {
        return server.received.stream()
                .filter(r -> r.text().contains("\"207\""))
                .map(r -> server.snBySocket.get(r.socket()))
                .collect(Collectors.toSet());
    }

    private static int number(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertThat(m.find()).as("'%s' in %s", regex, line).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
