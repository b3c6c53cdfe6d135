package dev.doorface.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test-only stand-in for the server side of the door terminal protocol, written for these tests: answers
 * registrations, heartbeats and events, records everything it receives and can send commands.
 */
final class TestDoorServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A text received, with the moment it arrived. */
    record Received(ServerWebSocket socket, String text, long nanos) {
    }

    private final Vertx vertx;
    private final HttpServer server;

    /** The registration answer to send; null to send none. */
    volatile String registrationAnswer = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"20\",\"data\":\"\"}}";
    /** Code answered to an event report, by event id; null means: do not answer. */
    volatile Function<String, String> eventCode = id -> id.startsWith("bad") ? "500" : "200";
    /** Whether to answer texts that are not JSON with a 500 report answer. */
    volatile boolean answerMalformedReports = true;

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> notJson = new CopyOnWriteArrayList<>();
    final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
    final Map<String, Long> answerNanos = new ConcurrentHashMap<>();
    final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    final List<Short> closeCodesSeen = new CopyOnWriteArrayList<>();
    final AtomicInteger closedConnections = new AtomicInteger();
    final Map<ServerWebSocket, String> snBySocket = new ConcurrentHashMap<>();

    TestDoorServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setMaxWebSocketFrameSize(64 * 1024 * 1024)
                        .setMaxWebSocketMessageSize(64 * 1024 * 1024))
                .webSocketHandler(this::onSocket)
                .listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/door";
    }

    Vertx vertx() {
        return vertx;
    }

    private void onSocket(ServerWebSocket ws) {
        sockets.add(ws);
        ws.closeHandler(v -> {
            closeCodesSeen.add(ws.closeStatusCode());
            closedConnections.incrementAndGet();
        });
        ws.textMessageHandler(text -> onText(ws, text));
    }

    private void onText(ServerWebSocket ws, String text) {
        received.add(new Received(ws, text, System.nanoTime()));
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            notJson.add(text);
            if (answerMalformedReports) {
                ws.writeTextMessage(response("500"));
            }
            return;
        }
        if (frame.hasNonNull("commandId")) {
            answers.put(frame.get("commandId").asText(), frame);
            answerNanos.put(frame.get("commandId").asText(), System.nanoTime());
            return;
        }
        String code = frame.path("code").asText();
        switch (code) {
            case "205" -> {
                snBySocket.put(ws, frame.path("data").path("sn").asText());
                String answer = registrationAnswer;
                if (answer != null) {
                    ws.writeTextMessage(answer);
                }
            }
            case "206" -> ws.writeTextMessage(response("200"));
            case "207" -> {
                String answer = eventCode.apply(frame.path("data").path("eventid").asText());
                if (answer != null) {
                    ws.writeTextMessage(response(answer));
                }
            }
            default -> ws.writeTextMessage(response("500"));
        }
    }

    static String response(String code) {
        return "{\"command\":\"response\",\"content\":{\"code\":\"" + code + "\",\"data\":\"\"}}";
    }

    /** The latest connection. */
    ServerWebSocket latest() {
        if (sockets.isEmpty()) {
            throw new IllegalStateException("no connection yet");
        }
        return sockets.get(sockets.size() - 1);
    }

    void send(String text) {
        latest().writeTextMessage(text);
    }

    /** Sends a command to the latest connection. */
    void command(String commandId, String command, String contentJson) {
        send("{\"commandId\":\"" + commandId + "\",\"command\":\"" + command + "\""
                + (contentJson == null ? "" : ",\"content\":" + contentJson) + "}");
    }

    /** The parsed reports received with this code, in order. */
    List<JsonNode> reports(String code) {
        return received.stream()
                .map(r -> parse(r.text()))
                .filter(n -> n != null && !n.has("commandId") && code.equals(n.path("code").asText()))
                .toList();
    }

    /** The parsed reports with this code that came over connections registered with this sn. */
    List<JsonNode> reportsFrom(String sn, String code) {
        return received.stream()
                .filter(r -> sn.equals(snBySocket.get(r.socket())))
                .map(r -> parse(r.text()))
                .filter(n -> n != null && !n.has("commandId") && code.equals(n.path("code").asText()))
                .toList();
    }

    /** Arrival times of the reports with this code. */
    List<Long> reportNanos(String code) {
        return received.stream()
                .filter(r -> {
                    JsonNode n = parse(r.text());
                    return n != null && !n.has("commandId") && code.equals(n.path("code").asText());
                })
                .map(Received::nanos)
                .toList();
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
