package dev.doorface.gateway;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The example gateway in a JVM of its own ({@code java -cp <main classpath> GatewayApplication}), as an operator
 * runs it, so that a test can kill it the hard way ({@link Process#destroyForcibly()}, SIGKILL on Linux) and start
 * it again on the same data.dir. It listens on free loopback ports only; its output goes to a file beside the data.
 */
final class GatewayProcess implements AutoCloseable {

    /** Sent with every API call: the gateway requires it wherever REST authentication is switched on. */
    static final String API_TOKEN = "crash-test-" + UUID.randomUUID();

    final int wsPort;
    final int apiPort;
    final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayProcess(Path dataDir, Path log, Map<String, String> settings) throws IOException {
        this.wsPort = TestGateway.freePort();
        this.apiPort = TestGateway.freePort();
        this.log = log;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(mainClasspath());
        command.add("-Ddoorface.host=127.0.0.1");
        command.add("-Ddoorface.port=" + wsPort);
        command.add("-Dapi.port=" + apiPort);
        command.add("-Dapi.host=127.0.0.1");
        command.add("-Dcamel.server.host=127.0.0.1");
        command.add("-Dapi.token=" + API_TOKEN);
        command.add("-Ddata.dir=" + dataDir);
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add(GatewayApplication.class.getName());
        this.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Starts the gateway and waits until its REST API answers. */
    static GatewayProcess start(Path dataDir, Path log, Map<String, String> settings) throws IOException {
        GatewayProcess gateway = new GatewayProcess(dataDir, log, settings);
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .failFast("the gateway process ended; its output:\n" + gateway.tail(), () -> !gateway.process.isAlive())
                    .until(() -> gateway.get("/api/devices").statusCode() == 200);
        } catch (RuntimeException | Error e) {
            gateway.process.destroyForcibly();
            throw e;
        }
        return gateway;
    }

    /**
     * The classpath of the module's main code and its dependencies, without the test classes (their log
     * configuration would write into this JVM's log file). Surefire puts the real classpath into
     * surefire.test.class.path when java.class.path is only its booter jar.
     */
    private static String mainClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + wsPort + "/door";
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                        .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                        .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POST of a JSON body; the answer arrives when the gateway answers (or dies). */
    java.util.concurrent.CompletableFuture<HttpResponse<String>> post(String path, String json) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                        .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                        .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(30)).DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What a power cut or kill -9 does to the process: no shutdown hook, no route drains, nothing is closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The last lines of the gateway's output, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** A normal stop (SIGTERM, what Ctrl-C does), then the hard way if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
