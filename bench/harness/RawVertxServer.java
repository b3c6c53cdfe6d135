import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

/**
 * The baseline for bench/run: the straightforward server a Vert.x engineer would write for the door protocol, with
 * nothing slower than needed. One HttpServer per event loop (a verticle deployed once per core, as the component's
 * serverInstances defaults to), Jackson per frame, 205/206/207 answered on the event loop as soon as parsed (the
 * counterpart of a route that only completes), a registry of sockets by sn and a map of pending commandIds for
 * command answers; commands (addUser, for BenchControl's scenarios on the control port) are written from the
 * calling thread, each frame serialized by Jackson. Same Vert.x and Jackson as the component (run with the example
 * gateway's shaded jar and bench/run's compiled BenchControl):
 *
 *   java -cp routes-example/target/doorface-gateway.jar:CLASSES bench/harness/RawVertxServer.java 9330 9331
 *
 * Listens on 127.0.0.1 only; runs until the process is terminated; prints "ready" once listening.
 */
public class RawVertxServer {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ACK = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"data\":\"\"}}";
    static final String ACK_REGISTER = "{\"command\":\"response\",\"content\":{\"code\":\"200\",\"interval\":\"20\",\"data\":\"\"}}";
    static final String BAD = "{\"command\":\"response\",\"content\":{\"code\":\"500\",\"data\":\"\"}}";

    /** Registered terminals by sn, for commands. */
    static final Map<String, ServerWebSocket> TERMINALS = new ConcurrentHashMap<>();
    /** Commands sent and not yet answered, by commandId. */
    static final Map<String, CompletableFuture<JsonNode>> PENDING = new ConcurrentHashMap<>();
    static final AtomicLong COMMAND_IDS = new AtomicLong();
    /** The content of every addUser the benchmark sends. */
    static final ObjectNode USER = MAPPER.createObjectNode().put("user", "bench").put("userId", "U1")
            .put("pwd", "1234").put("name", "Bench User").put("role", "0").put("img", BenchControl.photoBase64());

    public static class Door extends AbstractVerticle {
        private final int port;

        public Door(int port) {
            this.port = port;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                            .setMaxWebSocketMessageSize(16 * 1024 * 1024).setMaxWebSocketFrameSize(16 * 1024 * 1024))
                    .webSocketHandler(this::onSocket)
                    .listen()
                    .<Void>mapEmpty()
                    .onComplete(started);
        }

        private void onSocket(ServerWebSocket ws) {
            if (!"/door".equals(ws.path())) {
                ws.reject(404);
                return;
            }
            String[] sn = new String[1];
            ws.textMessageHandler(text -> {
                JsonNode frame;
                try {
                    frame = MAPPER.readTree(text);
                } catch (Exception e) {
                    ws.writeTextMessage(BAD);
                    return;
                }
                JsonNode commandId = frame.get("commandId");
                if (commandId != null) { // a terminal's answer to a command
                    CompletableFuture<JsonNode> waiting = PENDING.remove(commandId.asText());
                    if (waiting != null) {
                        waiting.complete(frame);
                    }
                    return;
                }
                String code = frame.path("code").asText();
                switch (code) {
                    case "205" -> {
                        sn[0] = frame.path("data").path("sn").asText();
                        TERMINALS.put(sn[0], ws);
                        ws.writeTextMessage(ACK_REGISTER);
                    }
                    case "206", "207" -> ws.writeTextMessage(sn[0] == null ? BAD : ACK);
                    default -> ws.writeTextMessage(BAD);
                }
            });
            ws.closeHandler(v -> {
                if (sn[0] != null) {
                    TERMINALS.remove(sn[0], ws);
                }
            });
        }
    }

    /** Sends addUser to a registered terminal; completes with its answer, exceptionally unless its code is 200. */
    static CompletableFuture<JsonNode> addUser(String sn) {
        ServerWebSocket ws = TERMINALS.get(sn);
        if (ws == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("terminal " + sn + " not registered"));
        }
        String commandId = Long.toString(COMMAND_IDS.incrementAndGet());
        ObjectNode frame = MAPPER.createObjectNode().put("commandId", commandId).put("command", "addUser");
        frame.set("content", USER);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        PENDING.put(commandId, answer);
        try {
            ws.writeTextMessage(MAPPER.writeValueAsString(frame));
        } catch (Exception e) {
            PENDING.remove(commandId);
            answer.completeExceptionally(e);
        }
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
        int instances = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new Door(port), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        BenchControl.start(controlPort, RawVertxServer::addUser);
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
