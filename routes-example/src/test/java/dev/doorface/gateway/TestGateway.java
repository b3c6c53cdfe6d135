package dev.doorface.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The gateway started in-process exactly as main() runs it (Main.run on its own thread), on free loopback ports,
 * with a given data.dir. Stopping it is what Ctrl-C does: Main completes and shuts down.
 */
final class TestGateway implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final int wsPort;
    final int apiPort;
    final Path dataDir;
    private final String configuredToken;
    private final Main main;
    private final Thread thread;
    private volatile Throwable failure;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Path dataDir, Map<String, String> extra) throws IOException {
        this.dataDir = dataDir;
        this.wsPort = freePort();
        this.apiPort = freePort();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("doorface.host", "127.0.0.1");
        overrides.put("doorface.port", Integer.toString(wsPort));
        overrides.put("api.port", Integer.toString(apiPort));
        // api.host is not set: its default (loopback) is what every test runs on
        overrides.put("data.dir", dataDir.toString());
        overrides.put("doorface.requestTimeout", "1500");
        // the tests write an HR file at once (or say otherwise); no need to wait the 10 s of the default
        overrides.put("hr.quietPeriod", "1000");
        overrides.putAll(extra);
        this.configuredToken = extra.get("api.token");
        this.main = GatewayApplication.create(overrides);
        this.thread = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                failure = e;
            }
        }, "gateway-main-" + apiPort);
    }

    static TestGateway start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    static TestGateway start(Path dataDir, Map<String, String> extra) throws IOException {
        TestGateway gateway = new TestGateway(dataDir, extra);
        gateway.thread.start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .failFast("the gateway failed to start", () -> gateway.failure != null)
                .until(() -> gateway.get("/api/devices").statusCode() == 200);
        return gateway;
    }

    /**
     * Ports handed out by {@link #freePort()} in this JVM. The system may offer a port again as soon as its probe is
     * closed: two calls in a row once gave a gateway the same port for its WebSocket and its REST API.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port nothing listens on now, and that this JVM's tests have not been given before. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("no free port left that was not handed out before");
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + wsPort + "/door";
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    DataSource dataSource() {
        return context().getRegistry().lookupByNameAndType(GatewayDatabase.DATASOURCE, DataSource.class);
    }

    // ---- HTTP

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** GET with the token, the body as bytes (a photo). */
    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", "Bearer " + token())
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The photo of a stored access event, through the API (GET /api/events/{sn}/{eventid}/photo). */
    byte[] eventPhoto(String sn, String eventId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = getBytes(EventPhotos.url(sn, eventId));
        if (response.statusCode() != 200) {
            throw new AssertionError("photo of " + sn + "/" + eventId + ": " + response.statusCode() + " "
                                     + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return response.body();
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** The REST API token: the api.token setting of this gateway, or the one it generated into data.dir. */
    String token() throws IOException {
        if (configuredToken != null && !configuredToken.isBlank()) {
            return configuredToken.trim();
        }
        return Files.readString(dataDir.resolve(ApiToken.FILE_NAME)).trim();
    }

    /** A request as a client builds it, without the token the other methods add. */
    HttpResponse<String> sendAsIs(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String toJson(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    // ---- database

    /** As GET /api/events does: every access event answered 200 before the query is in the table (AccessJournal). */
    List<Map<String, Object>> query(String sql) throws Exception {
        context().getRegistry().lookupByNameAndType(AccessEvents.BEAN, AccessEvents.class).awaitQueryable();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** What Ctrl-C does: Main completes, Camel shuts down gracefully, the database is closed. */
    @Override
    public void close() throws InterruptedException {
        main.completed();
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("gateway did not stop within 30 s");
        }
    }
}
