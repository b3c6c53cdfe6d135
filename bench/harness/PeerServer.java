import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The camel-vertx-websocket peer of bench/run: what a Camel user without doorface writes for the door protocol. A
 * vertx-websocket consumer route parses each frame with Jackson and answers 205/206/207 with the same answers as
 * RawVertxServer, through the vertx-websocket producer to the connection the frame came from (the consumer's
 * connection key header); registered terminals are kept by sn (their connection key), and commands are correlated
 * by hand through a map of pending commandIds. Camel, Vert.x and Jackson are the component's versions, from the
 * classpath that bench/harness/pom.xml resolves (bench/run writes it to bench/harness/target/peer.classpath):
 *
 *   java -cp $(cat bench/harness/target/peer.classpath):CLASSES bench/harness/PeerServer.java 9330 9331
 *
 * Listens on 127.0.0.1 only; runs until the process is terminated; prints "ready" once listening.
 */
public class PeerServer {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ACK = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"data\":\"\"}}";
    static final String ACK_REGISTER = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"20\",\"data\":\"\"}}";
    static final String BAD = "{\"command\":\"response\",\"content\":{\"code\":\"500\",\"data\":\"\"}}";
    static final String CONNECTION_KEY = "CamelVertxWebsocket.connectionKey";
    static final String EVENT = "CamelVertxWebsocket.event";

    /** Connection key of each registered terminal, by sn. */
    final Map<String, String> terminals = new ConcurrentHashMap<>();
    /** sn of each registered connection, by connection key. */
    final Map<String, String> snByConnection = new ConcurrentHashMap<>();
    /** Commands sent and not yet answered, by commandId. */
    final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    final AtomicLong commandIds = new AtomicLong();
    final ObjectNode user = MAPPER.createObjectNode().put("user", "bench").put("userId", "U1").put("pwd", "1234")
            .put("name", "Bench User").put("role", "0").put("img", BenchControl.photoBase64());

    /** Reads a frame; leaves the answer to send back as the body, or no body when nothing is to be answered. */
    void onFrame(Exchange exchange) {
        String key = exchange.getMessage().getHeader(CONNECTION_KEY, String.class);
        String event = exchange.getMessage().getHeader(EVENT, String.class);
        if (!"MESSAGE".equals(event)) { // OPEN or CLOSE: forget a closed connection's terminal
            if ("CLOSE".equals(event)) {
                String sn = snByConnection.remove(key);
                if (sn != null) {
                    terminals.remove(sn, key);
                }
            }
            exchange.getMessage().setBody(null);
            return;
        }
        JsonNode frame;
        try {
            frame = MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            exchange.getMessage().setBody(BAD);
            return;
        }
        JsonNode commandId = frame.get("commandId");
        if (commandId != null) { // a terminal's answer to a command
            CompletableFuture<JsonNode> waiting = pending.remove(commandId.asText());
            if (waiting != null) {
                waiting.complete(frame);
            }
            exchange.getMessage().setBody(null);
            return;
        }
        String answer = switch (frame.path("code").asText()) {
            case "205" -> {
                String sn = frame.path("data").path("sn").asText();
                terminals.put(sn, key);
                snByConnection.put(key, sn);
                yield ACK_REGISTER;
            }
            case "206", "207" -> snByConnection.containsKey(key) ? ACK : BAD;
            default -> BAD;
        };
        exchange.getMessage().setBody(answer);
    }

    /** Sends addUser to a registered terminal; completes with its answer, exceptionally unless its code is 200. */
    CompletableFuture<JsonNode> addUser(ProducerTemplate template, String door, String sn) throws Exception {
        String key = terminals.get(sn);
        if (key == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("terminal " + sn + " not registered"));
        }
        String commandId = Long.toString(commandIds.incrementAndGet());
        ObjectNode frame = MAPPER.createObjectNode().put("commandId", commandId).put("command", "addUser");
        frame.set("content", user);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(commandId, answer);
        template.asyncRequestBodyAndHeader(door, MAPPER.writeValueAsString(frame), CONNECTION_KEY, key)
                .whenComplete((sent, error) -> {
                    if (error != null && pending.remove(commandId) != null) {
                        answer.completeExceptionally(error);
                    }
                });
        return answer.thenApply(result -> {
            if (!"200".equals(result.path("code").asText())) {
                throw new IllegalStateException("terminal " + sn + " answered " + result.path("code").asText());
            }
            return result;
        });
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controlPort = Integer.parseInt(args[1]);
        String door = "vertx-websocket:127.0.0.1:" + port + "/door";
        String doorEvents = door + "?fireWebSocketConnectionEvents=true";
        PeerServer peer = new PeerServer();
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(doorEvents).routeId("peer-door")
                        .process(peer::onFrame)
                        .to(door); // the answer, to the connection key the consumer set; no body: nothing sent
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            camel.stop();
            stopped.countDown();
        }));
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        BenchControl.start(controlPort, sn -> {
            try {
                return peer.addUser(template, door, sn);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
