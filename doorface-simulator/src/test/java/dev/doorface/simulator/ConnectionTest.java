package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConnectionTest extends TerminalTestSupport {

    @Test
    void registersWithItsIdentityAsStrings() throws Exception {
        SimulatedTerminal t = connected(b -> b.sn("SN-1").ip("10.1.2.3").mac("AABBCCDDEEFF").type("2"));

        List<JsonNode> registrations = server.reports("205");
        assertThat(registrations).hasSize(1);
        JsonNode data = registrations.get(0).get("data");
        assertThat(registrations.get(0).get("code").isTextual()).isTrue();
        assertThat(data.get("sn").asText()).isEqualTo("SN-1");
        assertThat(data.get("ip").asText()).isEqualTo("10.1.2.3");
        assertThat(data.get("mac").asText()).isEqualTo("AABBCCDDEEFF");
        assertThat(data.get("type").isTextual()).isTrue();
        assertThat(data.get("type").asText()).isEqualTo("2");
        assertThat(t.isConnected()).isTrue();
        assertThat(t.sn()).isEqualTo("SN-1");
        assertThat(t.heartbeatIntervalSeconds()).isEqualTo(20);
    }

    @Test
    void defaultsGiveARandomSnADerivedMacAndType0() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        JsonNode data = server.reports("205").get(0).get("data");
        assertThat(t.sn()).matches("SIM\\d+");
        assertThat(data.get("sn").asText()).isEqualTo(t.sn());
        assertThat(data.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(data.get("mac").asText()).matches("[0-9A-F]{12}").isEqualTo(SimulatedTerminal.macFor(t.sn()));
        assertThat(data.get("type").asText()).isEqualTo("0");
    }

    @Test
    void heartbeatsAtTheIntervalTheServerGave() throws Exception {
        server.registrationAnswer = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"1\",\"data\":\"\"}}";
        // taken before connecting: the heartbeat timer starts later than this, whatever the load on the machine
        long connectingAt = System.nanoTime();
        SimulatedTerminal t = connected(b -> b);
        assertThat(t.heartbeatIntervalSeconds()).isEqualTo(1);

        await().atMost(WAIT).until(() -> server.reports("206").size() >= 2);
        List<Long> times = server.reportNanos("206");
        // the first heartbeat comes one interval after registration, not at once, and the second one interval later
        // (counted from before connecting: a late first heartbeat may be followed sooner than one interval)
        assertThat(Duration.ofNanos(times.get(0) - connectingAt)).isGreaterThan(Duration.ofMillis(800));
        assertThat(Duration.ofNanos(times.get(1) - connectingAt)).isGreaterThan(Duration.ofMillis(1800));
        for (JsonNode hb : server.reports("206")) {
            assertThat(hb.path("data").path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        }
    }

    @Test
    void readsCodeAndIntervalGivenAsNumbers() throws Exception {
        server.registrationAnswer = "{\"command\":\"response\",\"content\":{\"code\":200,\"interval\":7,\"data\":\"\"}}";
        SimulatedTerminal t = connected(b -> b);
        assertThat(t.heartbeatIntervalSeconds()).isEqualTo(7);
    }

    @Test
    void noHeartbeatsWhenTurnedOffAndNoneAfterStopHeartbeats() throws Exception {
        server.registrationAnswer = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"1\",\"data\":\"\"}}";
        SimulatedTerminal quiet = connected(b -> b.sn("QUIET").heartbeats(false));
        SimulatedTerminal stopping = connected(b -> b.sn("STOPPING"));

        await().atMost(WAIT).until(() -> heartbeatsOf("STOPPING") >= 1);
        stopping.stopHeartbeats();
        long before = heartbeatsOf("STOPPING");
        // one heartbeat may already have been on its way; none after that
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> heartbeatsOf("STOPPING") <= before + 1);
        assertThat(quiet.heartbeatIntervalSeconds()).isEqualTo(1);
        assertThat(heartbeatsOf("QUIET")).isZero();
        assertThat(quiet.isConnected()).isTrue();
    }

    private long heartbeatsOf(String sn) {
        return server.reportsFrom(sn, "206").size();
    }

    @Test
    void withoutRegistrationConnectsAndRegistersOnDemand() throws Exception {
        SimulatedTerminal t = connected(b -> b.register(false));
        assertThat(t.isConnected()).isTrue();
        assertThat(t.heartbeatIntervalSeconds()).isEqualTo(-1);
        assertThat(server.received).isEmpty();

        server.registrationAnswer = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"9\",\"data\":\"\"}}";
        assertThat(get(t.sendRegistration())).isEqualTo("200");
        assertThat(t.heartbeatIntervalSeconds()).isEqualTo(9);
        assertThat(server.reports("205")).hasSize(1);
    }

    @Test
    void connectFailsWhenRegistrationIsRefused() {
        server.registrationAnswer = TestDoorServer.response("500");
        SimulatedTerminal t = terminal(b -> b);
        assertThatThrownBy(() -> get(t.connect()))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("500");
        assertThat(t.heartbeatIntervalSeconds()).isEqualTo(-1);
    }

    @Test
    void connectFailsWhenTheServerClosesBeforeAnswering() throws Exception {
        server.registrationAnswer = null;
        SimulatedTerminal t = terminal(b -> b);
        var connecting = t.connect();
        await().atMost(WAIT).until(() -> server.reports("205").size() == 1);
        assertThat(connecting).isNotDone();
        server.latest().close((short) 4002, "go away");

        assertThatThrownBy(() -> get(connecting)).isInstanceOf(ExecutionException.class);
        assertThat(get(t.closed())).isEqualTo(4002);
        assertThat(t.isConnected()).isFalse();
    }

    @Test
    void connectFailsWhenNothingListensAndClosedGivesMinusOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SimulatedTerminal t = SimulatedTerminal.builder("ws://127.0.0.1:" + port + "/door").build()) {
            assertThatThrownBy(() -> get(t.connect())).isInstanceOf(ExecutionException.class);
            assertThat(get(t.closed())).isEqualTo(-1);
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void closedCompletesWithTheServersCloseStatus() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        assertThat(t.closed()).isNotDone();
        server.latest().close((short) 4001, "expired");
        assertThat(get(t.closed())).isEqualTo(4001);
        await().atMost(WAIT).until(() -> !t.isConnected());
        assertThatThrownBy(() -> get(t.sendHeartbeat())).isInstanceOf(ExecutionException.class);
    }

    @Test
    void outstandingReportsFailWhenTheConnectionCloses() throws Exception {
        server.eventCode = id -> null; // never answer events
        SimulatedTerminal t = connected(b -> b);
        var answer = t.sendAccessEvent("E1", "U1");
        await().atMost(WAIT).until(() -> server.reports("207").size() == 1);
        assertThat(answer).isNotDone();
        server.latest().close((short) 1000, "bye");
        assertThatThrownBy(() -> get(answer)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void closedGives1006WhenTheConnectionIsLostWithoutCloseFrame() throws Exception {
        Vertx vertx = server.vertx();
        // accepts the WebSocket handshake, then drops the TCP connection without a close frame
        NetServer raw = vertx.createNetServer().connectHandler(socket -> {
            StringBuilder request = new StringBuilder();
            socket.handler(buffer -> {
                request.append(buffer.toString(StandardCharsets.ISO_8859_1));
                if (request.indexOf("\r\n\r\n") < 0) {
                    return;
                }
                Matcher key = Pattern.compile("(?i)sec-websocket-key:\\s*(\\S+)").matcher(request);
                if (!key.find()) {
                    socket.close();
                    return;
                }
                String accept = acceptFor(key.group(1));
                socket.write(Buffer.buffer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n"))
                        .onComplete(ar -> vertx.setTimer(200, id -> socket.close()));
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        try (SimulatedTerminal rawTerminal = SimulatedTerminal.builder("ws://127.0.0.1:" + raw.actualPort() + "/door")
                .vertx(vertx).register(false).build()) {
            get(rawTerminal.connect());
            assertThat(get(rawTerminal.closed())).isEqualTo(1006);
            assertThat(rawTerminal.isConnected()).isFalse();
        }
    }

    private static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void closeSendsStatus1000AndClosesItsOwnVertx() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        t.close();
        await().atMost(WAIT).until(() -> server.closedConnections.get() == 1);
        assertThat(server.closeCodesSeen).containsExactly((short) 1000);
        assertThat(get(t.closed())).isEqualTo(1000);
        assertThat(t.isConnected()).isFalse();
        assertThatThrownBy(() -> get(t.connect())).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aSharedVertxIsLeftRunning() throws Exception {
        Vertx shared = Vertx.vertx();
        try {
            SimulatedTerminal t = SimulatedTerminal.builder(server.url()).vertx(shared).build();
            get(t.connect());
            t.close();
            assertThat(get(t.closed())).isEqualTo(1000);
            // still usable
            assertThat(shared.setTimer(1, id -> { })).isNotNegative();
            assertThat(get(shared.executeBlocking(() -> "alive").toCompletionStage().toCompletableFuture())).isEqualTo("alive");
        } finally {
            shared.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void disconnectThenConnectAgainStartsANewConnection() throws Exception {
        SimulatedTerminal t = connected(b -> b.sn("RE"));
        var firstClosed = t.closed();
        assertThat(get(t.disconnect())).isEqualTo(1000);
        assertThat(firstClosed).isDone();
        assertThat(t.isConnected()).isFalse();

        get(t.connect());
        assertThat(t.closed()).isNotDone().isNotSameAs(firstClosed);
        assertThat(server.reports("205")).hasSize(2);
        assertThat(get(t.sendHeartbeat())).isEqualTo("200");
    }

    @Test
    void connectTwiceFails() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        assertThatThrownBy(() -> get(t.connect())).hasMessageContaining("already connected");
        assertThat(t.isConnected()).isTrue();
    }

    @Test
    void rejectsUrlsThatAreNotWebSocketUrls() {
        assertThatThrownBy(() -> SimulatedTerminal.builder("ftp://x/y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedTerminal.builder("not a url")).isInstanceOf(IllegalArgumentException.class);
    }
}
