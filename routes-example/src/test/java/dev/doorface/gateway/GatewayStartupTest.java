package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What someone starting the gateway sees when it cannot run: a busy port or a data directory already in use stops
 * it with one line that names the problem and what to do.
 */
class GatewayStartupTest {

    @TempDir
    Path dataDir;

    @Test
    void aBusyApiPortStopsTheGatewayWithOneLineNamingThePort() throws Exception {
        try (ServerSocket busy = occupy()) {
            Throwable failure = startFails(settings(TestGateway.freePort(), busy.getLocalPort()));
            assertThat(failure).isInstanceOf(GatewayStartupException.class);
            assertThat(failure.getMessage()).doesNotContain("\n")
                    .contains("Port " + busy.getLocalPort()).contains("REST API").contains("-Dapi.port=");
        }
    }

    @Test
    void aBusyTerminalPortStopsTheGatewayWithOneLineNamingThePort() throws Exception {
        try (ServerSocket busy = occupy()) {
            Throwable failure = startFails(settings(busy.getLocalPort(), TestGateway.freePort()));
            assertThat(failure).isInstanceOf(GatewayStartupException.class);
            assertThat(failure.getMessage()).doesNotContain("\n")
                    .contains("Port " + busy.getLocalPort()).contains("terminals").contains("-Ddoorface.port=");
        }
    }

    @Test
    void aSecondGatewayOnTheSameDataDirStopsAndTheFirstGoesOn() throws Exception {
        try (TestGateway first = TestGateway.start(dataDir)) {
            Throwable failure = startFails(settings(TestGateway.freePort(), TestGateway.freePort()));
            assertThat(failure).isInstanceOf(GatewayStartupException.class);
            assertThat(failure.getMessage()).doesNotContain("\n").contains(dataDir.toString()).contains("in use")
                    .contains("-Ddata.dir=");
            assertThat(first.get("/api/devices").statusCode()).isEqualTo(200);
        }
        // the lock goes with the gateway that held it
        try (TestGateway again = TestGateway.start(dataDir)) {
            assertThat(again.get("/api/devices").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClusterNodeOnTheH2FileStopsWithOneLineAskingForPostgresql() throws Exception {
        Map<String, String> settings = settings(TestGateway.freePort(), TestGateway.freePort());
        settings.put("cluster.bus", "nats://127.0.0.1:4222");
        Throwable failure = startFails(settings);
        assertThat(failure).isInstanceOf(GatewayStartupException.class);
        assertThat(failure.getMessage()).doesNotContain("\n").contains("cluster.bus").contains("db.url")
                .contains("jdbc:postgresql:").contains("H2");
        // nothing held: the same data.dir starts as a single node
        try (TestGateway single = TestGateway.start(dataDir)) {
            assertThat(single.get("/api/devices").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClusterNodeWithoutItsNatsServerStopsWithOneLine() throws Exception {
        Map<String, String> settings = settings(TestGateway.freePort(), TestGateway.freePort());
        int nobody = TestGateway.freePort();
        settings.put("cluster.bus", "nats://127.0.0.1:" + nobody);
        // the check comes before the database opens: any PostgreSQL URL will do
        settings.put("db.url", "jdbc:postgresql://127.0.0.1:1/none");
        Throwable failure = startFails(settings);
        assertThat(failure).isInstanceOf(GatewayStartupException.class);
        assertThat(failure.getMessage()).doesNotContain("\n").contains("No NATS server")
                .contains("cluster.bus=nats://127.0.0.1:" + nobody);
    }

    /** As a user runs it: its own JVM, which prints one line and exits with a non-zero status. */
    @Test
    void theGatewayProcessExitsWithOneLineWhenTheApiPortIsBusy() throws Exception {
        try (ServerSocket busy = occupy()) {
            Result result = runJvm(settings(TestGateway.freePort(), busy.getLocalPort()));
            assertThat(result.status()).isNotZero();
            assertThat(result.lines()).filteredOn(l -> l.contains("ERROR")).singleElement().asString()
                    .contains("Port " + busy.getLocalPort()).contains("-Dapi.port=");
            assertThat(result.output()).doesNotContain("gateway is up").doesNotContain("\tat ")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aSecondGatewayProcessOnTheSameDataDirExitsWithOneLine() throws Exception {
        try (TestGateway first = TestGateway.start(dataDir)) {
            Result result = runJvm(settings(TestGateway.freePort(), TestGateway.freePort()));
            assertThat(result.status()).isNotZero();
            assertThat(result.lines()).filteredOn(l -> l.contains("ERROR")).singleElement().asString()
                    .contains(dataDir.toString()).contains("in use");
            assertThat(result.output()).doesNotContain("gateway is up").doesNotContain("\tat ");
            assertThat(first.get("/api/devices").statusCode()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> settings(int wsPort, int apiPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("doorface.host", "127.0.0.1");
        settings.put("doorface.port", Integer.toString(wsPort));
        settings.put("api.port", Integer.toString(apiPort));
        settings.put("camel.server.host", "127.0.0.1");
        settings.put("data.dir", dataDir.toString());
        return settings;
    }

    private static ServerSocket occupy() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /** Runs the gateway in-process as main() does and returns why it did not start; fails if it did start. */
    private static Throwable startFails(Map<String, String> settings) throws Exception {
        Main main = GatewayApplication.create(settings);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                main.run();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "gateway-expected-to-fail");
        thread.start();
        try {
            Throwable failure = outcome.get(60, TimeUnit.SECONDS);
            assertThat(failure).as("the gateway should not have started").isNotNull();
            return failure;
        } catch (TimeoutException e) {
            throw new AssertionError("the gateway started although it should not have", e);
        } finally {
            main.completed();
            thread.join(30_000);
        }
    }

    record Result(int status, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    /** Starts GatewayApplication.main in a JVM of its own with these settings as -D options; waits for it to end. */
    private Result runJvm(Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // the gateway's own console logging, not the tests' (which writes a file the other tests read)
        command.add("-Dlog4j2.configurationFile=classpath:log4j2.properties");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(GatewayApplication.class.getName());
        Path output = Files.createTempFile(dataDir.getParent(), "gateway-output", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the gateway process is still running: "
                                         + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }
}
