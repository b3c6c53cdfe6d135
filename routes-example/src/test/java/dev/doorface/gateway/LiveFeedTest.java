package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live feed at /api/live without a browser: the page's files open, the WebSocket on the API's own port only with
 * the session cookie (or the token) from this origin, and its messages as terminals come and go and report events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedTest {

    static final String TOKEN = "live-feed-test-token-0123456789";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dataDir;

    TestGateway gateway;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(dataDir, Map.of("api.token", TOKEN));
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void thePageIsServedWithoutTokenAndItsApiIsNot() throws Exception {
        HttpResponse<String> page = gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                p -> assertThat(p).contains("default-src 'none'").contains("connect-src 'self'"));
        assertThat(page.body()).contains("/ui/page.js");
        for (String file : List.of("/ui/page.js", "/ui/page.css", "/ui/icon.svg")) {
            assertThat(gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri(file)).GET().build()).statusCode())
                    .as(file).isEqualTo(200);
        }
        // only the page's own files: no other resource of the jar, no way up
        for (String path : List.of("/ui/nothing.js", "/ui/../application.properties", "/ui/%2e%2e/log4j2.properties",
                "/ui/page.js.map")) {
            HttpResponse<String> r = gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri(path)).GET().build());
            assertThat(r.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(r.body()).as(path).doesNotContain("camel.main").doesNotContain("appender");
        }
        // names that are not files of the page are not remembered: a client inventing them cannot grow the cache
        int kept = PageRoutes.filesKept();
        for (int i = 0; i < 50; i++) {
            assertThat(gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/ui/made-up-" + i + ".js")).GET().build())
                    .statusCode()).isEqualTo(404);
        }
        assertThat(PageRoutes.filesKept()).isEqualTo(kept);
        assertThat(gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/api/devices")).GET().build()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theFeedRefusesAnUpgradeWithoutSessionOrFromAnotherOrigin() throws Exception {
        assertRefused(http.newWebSocketBuilder(), 401);
        assertRefused(http.newWebSocketBuilder().header("Cookie", ApiSessionCookie.NAME + "=1.forged"), 401);
        assertRefused(http.newWebSocketBuilder().header("Cookie", sessionCookie())
                .header("Origin", "http://127.0.0.1:1"), 403);
    }

    @Test
    void theFeedTellsTerminalsComingAndGoingAndTheirAccessEvents() throws Exception {
        Feed feed = new Feed();
        WebSocket socket = http.newWebSocketBuilder().header("Cookie", sessionCookie())
                .header("Origin", "http://127.0.0.1:" + gateway.apiPort)
                .buildAsync(liveUri(), feed).get(10, TimeUnit.SECONDS);
        try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-LIVE").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            JsonNode online = feed.next("terminal", m -> m.path("sn").asText().equals("SIM-LIVE"));
            assertThat(online.path("online").asBoolean()).isTrue();

            assertThat(sim.sendAccessEvent("live-1", "U-LIVE").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            JsonNode access = feed.next("access", m -> m.path("events").toString().contains("live-1"));
            JsonNode event = access.path("events").get(0);
            assertThat(event.path("sn").asText()).isEqualTo("SIM-LIVE");
            assertThat(event.path("userId").asText()).isEqualTo("U-LIVE");
            assertThat(event.path("photoUrl").asText()).isEqualTo("/api/events/SIM-LIVE/live-1/photo");
            assertThat(access.toString()).doesNotContain("photoPath").doesNotContain("img");

            sim.disconnect().get(10, TimeUnit.SECONDS);
            JsonNode offline = feed.next("terminal",
                    m -> m.path("sn").asText().equals("SIM-LIVE") && !m.path("online").asBoolean());
            assertThat(offline.path("online").asBoolean()).isFalse();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    void accessEventsBuildNoMessageWhileNoBrowserListens() throws Exception {
        LiveWebsocketComponent live = gateway.context().getComponent("vertx-websocket", LiveWebsocketComponent.class);
        ThreadPoolExecutor taps = gateway.context().getRegistry().lookupByNameAndType(LiveRoutes.EXECUTOR,
                ThreadPoolExecutor.class);
        // the other tests' browsers leave when their sockets' close has gone through
        await().atMost(WAIT).until(() -> !live.anyBrowser());
        try (SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-QUIET").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            // its registration's message (always tapped) has gone
            await().atMost(WAIT).until(() -> taps.getActiveCount() == 0 && taps.getQueue().isEmpty());
            long tapped = taps.getTaskCount();
            for (int i = 1; i <= 3; i++) {
                assertThat(sim.sendAccessEvent("quiet-" + i, "U-QUIET").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            }
            // a tap is handed to the executor before the route completes, so before the terminal is answered
            assertThat(taps.getTaskCount()).isEqualTo(tapped);

            Feed feed = new Feed();
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                    .buildAsync(liveUri(), feed).get(10, TimeUnit.SECONDS);
            try {
                await().atMost(WAIT).until(live::anyBrowser);
                assertThat(sim.sendAccessEvent("heard-1", "U-QUIET").get(10, TimeUnit.SECONDS)).isEqualTo("200");
                feed.next("access", m -> m.path("events").toString().contains("heard-1"));
                assertThat(feed.messages.toString()).doesNotContain("quiet-");
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    @Test
    void theFeedTellsQueuedCommandsEndingAndHrFilesFinished() throws Exception {
        Feed feed = new Feed();
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(liveUri(), feed).get(10, TimeUnit.SECONDS);
        try {
            try (SimulatedTerminal away = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-AWAY").build()) {
                away.connect().get(10, TimeUnit.SECONDS);
                away.disconnect().get(10, TimeUnit.SECONDS);
            }
            feed.next("terminal", m -> m.path("sn").asText().equals("SIM-AWAY") && !m.path("online").asBoolean());
            HttpResponse<String> queued = gateway.post("/api/devices/SIM-AWAY/users", "{\"user\":\"q\",\"userId\":\"Q-LIVE\","
                    + "\"pwd\":\"pw-live\",\"name\":\"Queued\",\"role\":\"0\",\"img\":\""
                    + SampleImages.jpegBase64(7) + "\"}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            try (SimulatedTerminal back = SimulatedTerminal.builder(gateway.wsUrl()).sn("SIM-AWAY").build()) {
                back.connect().get(10, TimeUnit.SECONDS);
                JsonNode command = feed.next("command", m -> m.path("userId").asText().equals("Q-LIVE"));
                assertThat(command.path("sn").asText()).isEqualTo("SIM-AWAY");
                assertThat(command.path("operation").asText()).isEqualTo("addUser");
                assertThat(command.path("state").asText()).isEqualTo("succeeded");
                assertThat(command.toString()).doesNotContain("pw-live");
            }

            Files.writeString(gateway.dataDir.resolve(HrImport.INBOX).resolve("live.csv"),
                    "action,userId,user,name,pwd,role,photo\ndelete,NOBODY,,,,,\n");
            JsonNode hr = feed.next("hr-import", m -> m.path("fileName").asText().equals("live.csv"));
            long id = hr.path("id").asLong();
            JsonNode imported = json(gateway.get("/api/hr-imports/" + id));
            assertThat(imported.path("fileName").asText()).isEqualTo("live.csv");
            assertThat(imported.path("state").asText()).isEqualTo("done");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    void aRequestThatIsNoUpgradeIsAnsweredWithJson() throws Exception {
        for (HttpRequest.Builder request : List.of(HttpRequest.newBuilder(liveHttpUri()).GET(),
                HttpRequest.newBuilder(liveHttpUri()).POST(HttpRequest.BodyPublishers.ofString("{}")))) {
            HttpResponse<String> r = gateway.sendAsIs(request.header("Authorization", "Bearer " + TOKEN).build());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(TestGateway.JSON.readTree(r.body()).path("error").asText()).contains("WebSocket");
        }
    }

    @Test
    void theTokenOpensTheFeedAsItOpensTheApi() throws Exception {
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(liveUri(), new Feed()).get(10, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private void assertRefused(WebSocket.Builder builder, int status) {
        assertThatThrownBy(() -> builder.buildAsync(liveUri(), new Feed()).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(status));
    }

    private URI liveHttpUri() {
        return gateway.uri(LiveRoutes.PATH);
    }

    private URI liveUri() {
        return URI.create("ws://127.0.0.1:" + gateway.apiPort + LiveRoutes.PATH);
    }

    /** name=value of the session cookie POST /api/login sets. */
    private String sessionCookie() throws Exception {
        HttpResponse<String> login = gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TOKEN + "\"}")).build());
        assertThat(login.statusCode()).isEqualTo(200);
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    /** The messages of one connection to the feed, as JSON. */
    static final class Feed implements WebSocket.Listener {

        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(TestGateway.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("the feed sent something else than JSON", e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonNode next(String type, Predicate<JsonNode> which) {
            return await().atMost(WAIT).until(
                    () -> messages.stream().filter(m -> m.path("type").asText().equals(type)).filter(which)
                            .findFirst().orElse(null), m -> m != null);
        }
    }
}
