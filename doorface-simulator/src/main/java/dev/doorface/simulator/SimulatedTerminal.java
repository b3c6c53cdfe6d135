package dev.doorface.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A face-recognition door terminal in software: a WebSocket client that dials in to a server and speaks the
 * terminal's JSON protocol (registration 205, heartbeat 206, event reports 207; answers the server commands
 * addUser, deleteUser, editUser, selectUser, compareUser and queryEvent).
 *
 * <p>Written from the protocol document alone. All network work runs on one Vert.x context per terminal and
 * never blocks it; the public methods may be called from any thread. The futures returned are completed on
 * that context: do not block inside their dependent stages (use the {@code ...Async} variants for that).
 *
 * <p>The server's answers to reports carry no correlation key: they are matched to the outstanding reports of
 * this connection in the order the reports were sent.
 */
public final class SimulatedTerminal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedTerminal.class);

    /** Size of the frames a streamed selectUser answer is cut into. */
    public static final int ANSWER_FRAME_SIZE = 64 * 1024;
    /** Largest frame and message the terminal sends or accepts (64 MiB). */
    public static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
    /** Heartbeat period used when the server's registration answer gives no usable interval. */
    static final int FALLBACK_HEARTBEAT_SECONDS = 20;
    static final int DEFAULT_MAX_STORED_EVENTS = 10_000;

    /** Strict about JSON syntax (trailing content is an error), tolerant about value types. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter HEARTBEAT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter EVENT_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String[] USER_FIELDS = {"user", "userId", "pwd", "name", "role", "img"};

    private enum ReportKind { REGISTRATION, HEARTBEAT, EVENT, RAW }

    private record PendingReport(ReportKind kind, CompletableFuture<String> answer) {
    }

    private record StoredEvent(String eventId, String type, ObjectNode data) {
    }

    // configuration
    private final String url;
    /** The url with query values masked: it may carry a token. */
    private final String loggedUrl;
    private final WebSocketConnectOptions connectOptions;
    private final String sn;
    private final String ip;
    private final String mac;
    private final String type;
    private final boolean heartbeats;
    private final boolean register;
    private final boolean recordCommands;
    private final GeneratedUsers generated;
    private final int maxStoredEvents;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Context context;
    private final WebSocketClient client;

    // confined to the context
    private WebSocket ws;
    /** Whole messages waiting while a streamed answer is being written (frames of two messages cannot mix). */
    private Deque<Runnable> deferred;
    private boolean connecting;
    private final Deque<PendingReport> pending = new ArrayDeque<>();
    private long heartbeatTimer = -1;

    // shared
    private final Object lock = new Object();
    private CompletableFuture<Integer> closedFuture = new CompletableFuture<>();
    private volatile boolean connected;
    private volatile boolean closing;
    private volatile int heartbeatInterval = -1;
    private volatile boolean heartbeatsStopped;
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile Duration slowDelay = Duration.ofSeconds(2);
    private final AtomicLong commandsAnswered = new AtomicLong();
    private final AtomicLong eventSequence = new AtomicLong();
    private final Map<String, SimUser> users = new LinkedHashMap<>();
    private final Map<String, StoredEvent> events;
    private final List<String> receivedCommands = new ArrayList<>();

    private SimulatedTerminal(Builder b) {
        this.url = b.url;
        this.loggedUrl = LogMask.url(b.url);
        this.connectOptions = connectOptions(b.url);
        this.sn = b.sn != null ? b.sn : randomSn();
        this.ip = b.ip != null ? b.ip : "127.0.0.1";
        this.mac = b.mac != null ? b.mac : macFor(this.sn);
        this.type = b.type != null ? b.type : "0";
        this.heartbeats = b.heartbeats;
        this.register = b.register;
        this.recordCommands = b.recordCommands;
        this.generated = b.generated;
        this.maxStoredEvents = b.maxStoredEvents;
        this.events = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StoredEvent> eldest) {
                return size() > maxStoredEvents;
            }
        };
        // make the default snapshot now (ImageIO), not later on an event loop
        Objects.requireNonNull(DefaultImage.BASE64);
        this.ownsVertx = b.vertx == null;
        this.vertx = b.vertx != null ? b.vertx : Vertx.vertx();
        this.context = this.vertx.getOrCreateContext();
        this.client = this.vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_SIZE)
                .setMaxMessageSize(MAX_MESSAGE_SIZE)
                .setConnectTimeout(10_000)
                .setTrustAll(b.trustAll)
                .setVerifyHost(!b.trustAll));
    }

    /** Starts building a terminal that dials in to {@code wsUrl} ({@code ws://host:port/path} or {@code wss://...}). */
    public static Builder builder(String wsUrl) {
        return new Builder(wsUrl);
    }

    // ------------------------------------------------------------------------------------------------------------
    // connection

    /**
     * Connects to the server. When registration is on (the default) the registration report (205) is sent at once
     * and the future completes only when the server's answer to it arrived: it fails if that answer's code is not
     * 200 (the connection is then left open) or if the connection ends first. Without registration it completes
     * when the WebSocket handshake is done. Fails when already connected. May be called again after the
     * connection ended.
     */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new IllegalStateException("terminal " + sn + " is closed"));
            return result;
        }
        CompletableFuture<Integer> closedOfThisConnection;
        synchronized (lock) {
            if (closedFuture.isDone()) {
                closedFuture = new CompletableFuture<>();
            }
            closedOfThisConnection = closedFuture;
        }
        onContext(() -> doConnect(result, closedOfThisConnection));
        return result;
    }

    private void doConnect(CompletableFuture<Void> result, CompletableFuture<Integer> closedOfThisConnection) {
        if (closing) {
            result.completeExceptionally(new IllegalStateException("terminal " + sn + " is closed"));
            return;
        }
        if (ws != null || connecting) {
            result.completeExceptionally(new IllegalStateException("terminal " + sn + " is already connected"));
            return;
        }
        connecting = true;
        LOG.debug("terminal {} connecting to {}", sn, loggedUrl);
        client.connect(connectOptions).onComplete(ar -> {
            connecting = false;
            if (ar.failed()) {
                LOG.info("terminal {} could not connect to {}: {}", sn, loggedUrl, ar.cause().toString());
                closedOfThisConnection.complete(-1);
                result.completeExceptionally(ar.cause());
                return;
            }
            WebSocket socket = ar.result();
            if (closing) {
                socket.close((short) 1000, "terminal closed");
                closedOfThisConnection.complete(-1);
                result.completeExceptionally(new IllegalStateException("terminal " + sn + " is closed"));
                return;
            }
            ws = socket;
            connected = true;
            heartbeatInterval = -1;
            socket.textMessageHandler(text -> onText(socket, text));
            socket.binaryMessageHandler(buffer ->
                    LOG.warn("terminal {} ignored a binary message of {} bytes", sn, buffer.length()));
            socket.exceptionHandler(t -> LOG.debug("terminal {} connection error: {}", sn, t.toString()));
            socket.closeHandler(v -> onClosed(socket, closedOfThisConnection));
            LOG.info("terminal {} connected to {}", sn, loggedUrl);
            if (!register) {
                result.complete(null);
                return;
            }
            report(registrationFrame(), ReportKind.REGISTRATION).whenComplete((code, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else if ("200".equals(code)) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(new IllegalStateException(
                            "registration of terminal " + sn + " answered with code " + code));
                }
            });
        });
    }

    private void onClosed(WebSocket socket, CompletableFuture<Integer> closedOfThisConnection) {
        Short status = socket.closeStatusCode();
        int code = status == null ? 1006 : status;
        if (ws == socket) {
            ws = null;
            deferred = null; // messages held behind a streamed answer go nowhere now
            connected = false;
            cancelHeartbeatTimer();
            IOException cause = new IOException("connection of terminal " + sn + " closed (" + code + ")");
            PendingReport p;
            while ((p = pending.poll()) != null) {
                p.answer().completeExceptionally(cause);
            }
        }
        LOG.info("terminal {} disconnected, close status {}{}", sn, code,
                socket.closeReason() == null ? "" : " (" + socket.closeReason() + ")");
        closedOfThisConnection.complete(code);
    }

    /**
     * Closes the current connection (status 1000) but keeps the terminal usable: {@link #connect()} may be called
     * again. Completes with the connection's close status like {@link #closed()}.
     */
    public CompletableFuture<Integer> disconnect() {
        CompletableFuture<Integer> closedOfThisConnection = closed();
        onContext(() -> {
            cancelHeartbeatTimer();
            WebSocket socket = ws;
            if (socket != null) {
                socket.close((short) 1000, "terminal disconnected");
            } else if (!connecting) {
                closedOfThisConnection.complete(-1);
            }
        });
        return closedOfThisConnection;
    }

    /**
     * Completes with the WebSocket close status code when the current (or, before {@link #connect()}, the next)
     * connection ends, whoever ended it: the code of the close frame, 1006 when the connection was lost without
     * one, -1 when no connection was ever established.
     */
    public CompletableFuture<Integer> closed() {
        synchronized (lock) {
            return closedFuture;
        }
    }

    /** Closes the connection (status 1000) and, when the terminal created its own Vert.x, that Vert.x. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Integer> closedOfThisConnection = closed();
        onContext(() -> {
            cancelHeartbeatTimer();
            WebSocket socket = ws;
            Future<Void> closeSent = socket != null ? socket.close((short) 1000, "terminal closed") : Future.succeededFuture();
            closeSent.onComplete(ar -> client.close().onComplete(ar2 -> {
                if (ws == null && !connecting) {
                    closedOfThisConnection.complete(-1);
                }
                done.complete(null);
            }));
        });
        boolean mayWait = !Context.isOnVertxThread();
        if (mayWait) {
            await(done);
        }
        if (ownsVertx) {
            Future<Void> vertxClosed = vertx.close();
            if (mayWait) {
                await(vertxClosed.toCompletionStage().toCompletableFuture());
            }
        }
        LOG.debug("terminal {} closed", sn);
    }

    private void await(CompletableFuture<?> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("terminal {}: close did not finish cleanly: {}", sn, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // state

    public String sn() {
        return sn;
    }

    public String ip() {
        return ip;
    }

    public String mac() {
        return mac;
    }

    public String type() {
        return type;
    }

    /** True while the WebSocket connection is open (registered or not). */
    public boolean isConnected() {
        return connected;
    }

    /**
     * The heartbeat interval in seconds as told by the server in its answer to this connection's registration; -1
     * before that (and when the answer gave none: the terminal then heartbeats every 20 s).
     */
    public int heartbeatIntervalSeconds() {
        return heartbeatInterval;
    }

    /** Switches how server commands are answered; takes effect for the next command that arrives. */
    public void behaviour(Behaviour b) {
        this.behaviour = Objects.requireNonNull(b, "behaviour");
        LOG.info("terminal {} behaviour now {}", sn, b);
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** The delay of {@link Behaviour#SLOW} (default 2 s). */
    public void slowDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("slow delay must be zero or positive");
        }
        this.slowDelay = delay;
    }

    /** Stops sending heartbeats for good (also after a later registration), e.g. to test heartbeat expiry. */
    public void stopHeartbeats() {
        heartbeatsStopped = true;
        onContext(this::cancelHeartbeatTimer);
    }

    /** The raw texts of the server commands received so far, oldest first (a copy). */
    public List<String> receivedCommands() {
        synchronized (receivedCommands) {
            return List.copyOf(receivedCommands);
        }
    }

    /** How many server commands this terminal has answered (in any behaviour that answers). */
    public long commandsAnswered() {
        return commandsAnswered.get();
    }

    /** A copy of the users stored on the terminal, by userId, in the order they were added. */
    public Map<String, SimUser> users() {
        synchronized (users) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(users));
        }
    }

    /** Stores (or replaces) a user on the terminal, as if enrolled locally; nothing is sent. */
    public void putUser(SimUser user) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(user.userId(), "user.userId");
        synchronized (users) {
            users.put(user.userId(), user);
        }
    }

    /** True when this terminal reported an event with this id and still keeps it for queryEvent. */
    public boolean hasEvent(String eventId) {
        synchronized (events) {
            return events.containsKey(eventId);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // reports

    /** Sends the registration report (205). Completes with the server's answer code. */
    public CompletableFuture<String> sendRegistration() {
        return report(registrationFrame(), ReportKind.REGISTRATION);
    }

    /** Sends a heartbeat report (206) with the current local time. Completes with the server's answer code. */
    public CompletableFuture<String> sendHeartbeat() {
        return report(heartbeatFrame(), ReportKind.HEARTBEAT);
    }

    /**
     * Reports an access record (207, type 1) and keeps it for queryEvent. Completes with the server's answer code
     * ("200", or "500" if the server failed to handle it).
     *
     * @param eventId the event id, unique on this terminal; null to generate one
     * @param userId  the recognised user
     * @param door    "0" in, "1" out
     * @param jpeg    the captured snapshot, sent as base64
     */
    public CompletableFuture<String> sendAccessEvent(String eventId, String userId, String door, byte[] jpeg) {
        String id = eventId != null ? eventId : nextEventId();
        ObjectNode data = MAPPER.createObjectNode();
        data.put("userId", nullToEmpty(userId));
        data.put("img", jpeg == null ? "" : Base64.getEncoder().encodeToString(jpeg));
        data.put("door", door == null ? "0" : door);
        return sendEvent(id, "1", data);
    }

    /** {@link #sendAccessEvent(String, String, String, byte[])} through door "0" with a small generated JPEG. */
    public CompletableFuture<String> sendAccessEvent(String eventId, String userId) {
        String id = eventId != null ? eventId : nextEventId();
        ObjectNode data = MAPPER.createObjectNode();
        data.put("userId", nullToEmpty(userId));
        data.put("img", DefaultImage.BASE64);
        data.put("door", "0");
        return sendEvent(id, "1", data);
    }

    /**
     * Reports a user added at the terminal (207, type 2, with the six user fields), stores the user locally and
     * keeps the event for queryEvent. Completes with the server's answer code.
     */
    public CompletableFuture<String> sendUserAdded(String eventId, SimUser user) {
        putUser(user);
        String id = eventId != null ? eventId : nextEventId();
        return sendEvent(id, "2", userJson(user));
    }

    private CompletableFuture<String> sendEvent(String eventId, String eventType, ObjectNode data) {
        StoredEvent event = new StoredEvent(eventId, eventType, data);
        synchronized (events) {
            events.put(eventId, event);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("eventid", eventId);
        body.put("type", eventType);
        body.set("data", data);
        ObjectNode frame = MAPPER.createObjectNode();
        frame.put("code", "207");
        frame.set("data", body);
        return report(write(frame), ReportKind.EVENT);
    }

    /**
     * Sends any text as if it were a report and completes with the code of the next report answer (for tests of
     * malformed input: the server is expected to answer it like any report).
     */
    public CompletableFuture<String> sendRawReport(String text) {
        return report(Objects.requireNonNull(text, "text"), ReportKind.RAW);
    }

    /** Sends any text and expects nothing back (an answer to it would be taken for the next report's). */
    public void sendRawText(String text) {
        Objects.requireNonNull(text, "text");
        if (!connected) {
            throw new IllegalStateException("terminal " + sn + " is not connected");
        }
        onContext(() -> {
            WebSocket socket = ws;
            if (socket == null) {
                LOG.warn("terminal {} dropped a raw text: not connected", sn);
                return;
            }
            LOG.debug("terminal {} sends raw {}", sn, LogMask.mask(text));
            sendText(socket, text);
        });
    }

    private CompletableFuture<String> report(String text, ReportKind kind) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        onContext(() -> {
            WebSocket socket = ws;
            if (socket == null) {
                answer.completeExceptionally(new IllegalStateException("terminal " + sn + " is not connected"));
                return;
            }
            PendingReport p = new PendingReport(kind, answer);
            pending.add(p);
            if (LOG.isDebugEnabled()) {
                LOG.debug("terminal {} reports {}", sn, LogMask.mask(text));
            }
            sendText(socket, text).onFailure(error -> {
                // not sent: no answer will come for it
                if (pending.remove(p)) {
                    answer.completeExceptionally(error);
                }
            });
        });
        return answer;
    }

    private void onReportAnswer(JsonNode frame) {
        JsonNode content = payload(frame);
        String code = text(content.get("code"));
        if (code == null) {
            code = text(frame.get("code"));
        }
        PendingReport p = pending.poll();
        if (p == null) {
            LOG.warn("terminal {} got a report answer (code {}) with no report outstanding", sn, code);
            return;
        }
        if (p.kind() == ReportKind.REGISTRATION && "200".equals(code)) {
            int interval = parseInterval(text(content.get("interval")));
            heartbeatInterval = interval;
            LOG.info("terminal {} registered, heartbeat interval {}", sn, interval > 0 ? interval + " s" : "not given");
            restartHeartbeats();
        } else if (!"200".equals(code)) {
            LOG.debug("terminal {}: {} answered with code {}", sn, p.kind(), code);
        }
        p.answer().complete(code);
    }

    private static int parseInterval(String value) {
        if (value == null) {
            return -1;
        }
        try {
            int seconds = (int) Math.round(Double.parseDouble(value.trim()));
            return seconds > 0 ? seconds : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void restartHeartbeats() {
        cancelHeartbeatTimer();
        if (!heartbeats || heartbeatsStopped || ws == null) {
            return;
        }
        int seconds = heartbeatInterval > 0 ? heartbeatInterval : FALLBACK_HEARTBEAT_SECONDS;
        heartbeatTimer = vertx.setPeriodic(seconds * 1000L, id -> {
            if (heartbeatsStopped || ws == null) {
                cancelHeartbeatTimer();
                return;
            }
            sendHeartbeat().whenComplete((code, error) -> {
                if (error == null && !"200".equals(code)) {
                    LOG.warn("terminal {}: heartbeat answered with code {}", sn, code);
                }
            });
        });
    }

    private void cancelHeartbeatTimer() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // incoming frames

    private void onText(WebSocket socket, String text) {
        if (socket != ws) {
            return;
        }
        JsonNode frame;
        try {
            frame = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warn("terminal {} ignored a frame that is not JSON: {}", sn, LogMask.mask(text));
            return;
        }
        if (frame == null || !frame.isObject()) {
            LOG.warn("terminal {} ignored a frame that is not a JSON object: {}", sn, LogMask.mask(text));
            return;
        }
        String command = text(frame.get("command"));
        if (command == null || command.isEmpty()) {
            LOG.warn("terminal {} ignored a frame without command: {}", sn, LogMask.mask(text));
        } else if ("response".equalsIgnoreCase(command.trim())) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("terminal {} got report answer {}", sn, LogMask.mask(text));
            }
            onReportAnswer(frame);
        } else {
            onCommand(socket, text, frame, command.trim());
        }
    }

    private void onCommand(WebSocket socket, String raw, JsonNode frame, String command) {
        if (recordCommands) {
            synchronized (receivedCommands) {
                receivedCommands.add(raw);
            }
        }
        String commandId = text(frame.get("commandId"));
        Behaviour b = behaviour;
        if (LOG.isDebugEnabled()) {
            LOG.debug("terminal {} got command {} ({}) [{}]: {}", sn, command, commandId, b, LogMask.mask(raw));
        }
        switch (b) {
            case SILENT -> LOG.info("terminal {} (SILENT) leaves command {} {} unanswered", sn, command, commandId);
            case DROP_CONNECTION -> {
                LOG.info("terminal {} (DROP_CONNECTION) drops the connection on command {} {}", sn, command, commandId);
                socket.close((short) 1001, "simulated connection drop");
            }
            case MALFORMED -> answer(socket, "{\"code\":\"200\",\"commandId\":\"" + nullToEmpty(commandId)
                    + "\", this is not JSON <simulated malformed answer>");
            case FAIL -> answer(socket, write(result(commandId, "500", "simulated failure")));
            case SLOW -> {
                long millis = slowDelay.toMillis();
                Runnable later = () -> {
                    if (ws == socket) {
                        respond(socket, command, commandId, frame);
                    }
                };
                if (millis <= 0) {
                    later.run();
                } else {
                    vertx.setTimer(millis, id -> later.run());
                }
            }
            case NORMAL -> respond(socket, command, commandId, frame);
            default -> throw new IllegalStateException("unknown behaviour " + b);
        }
    }

    private void answer(WebSocket socket, String text) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("terminal {} answers {}", sn, LogMask.mask(text));
        }
        commandsAnswered.incrementAndGet();
        sendText(socket, text);
    }

    /** On the context: writes a message now, or after the streamed answer being written. */
    private Future<Void> sendText(WebSocket socket, String text) {
        if (deferred == null) {
            return socket.writeTextMessage(text);
        }
        io.vertx.core.Promise<Void> sent = io.vertx.core.Promise.promise();
        deferred.add(() -> socket.writeTextMessage(text).onComplete(sent));
        return sent.future();
    }

    /** Answers the command, or streams the answer to a selectUser of every user when generated users are held. */
    private void respond(WebSocket socket, String command, String commandId, JsonNode frame) {
        JsonNode content = payload(frame);
        if (generated.count() > 0 && "selectuser".equalsIgnoreCase(command) && text(content.get("userId")) == null
                && text(content.get("name")) == null) {
            commandsAnswered.incrementAndGet();
            List<SimUser> stored;
            synchronized (users) {
                stored = List.copyOf(users.values());
            }
            Deque<Runnable> held = new ArrayDeque<>();
            deferred = held;
            new StreamedUserList(socket, stored, generated, commandId, ANSWER_FRAME_SIZE, () -> {
                if (deferred == held) {
                    deferred = null;
                    held.forEach(Runnable::run);
                }
            }).start();
            return;
        }
        answer(socket, write(execute(command, commandId, frame)));
    }

    /** Carries out a command and builds its answer; never throws. */
    private ObjectNode execute(String command, String commandId, JsonNode frame) {
        JsonNode content = payload(frame);
        try {
            return switch (command.toLowerCase(Locale.ROOT)) {
                case "adduser" -> addUser(commandId, content);
                case "deleteuser" -> deleteUser(commandId, content);
                case "edituser" -> editUser(commandId, content);
                case "selectuser" -> selectUser(commandId, content);
                case "compareuser" -> compareUser(commandId, content);
                case "queryevent" -> queryEvent(commandId, content);
                default -> result(commandId, "500", "unknown command: " + command);
            };
        } catch (RuntimeException e) {
            LOG.warn("terminal {} failed to carry out command {} {}: {}", sn, command, commandId, e.toString());
            return result(commandId, "500", "terminal error: " + e.getMessage());
        }
    }

    private ObjectNode addUser(String commandId, JsonNode content) {
        List<String> missing = new ArrayList<>();
        for (String field : USER_FIELDS) {
            if (text(content.get(field)) == null) {
                missing.add(field);
            }
        }
        if (missing.isEmpty() && text(content.get("userId")).isBlank()) {
            missing.add("userId");
        }
        if (!missing.isEmpty()) {
            return result(commandId, "500", "missing required field(s): " + String.join(", ", missing));
        }
        SimUser user = new SimUser(text(content.get("user")), text(content.get("userId")), text(content.get("pwd")),
                text(content.get("name")), text(content.get("role")), text(content.get("img")));
        putUser(user);
        LOG.info("terminal {} added {}", sn, user);
        return result(commandId, "200", "");
    }

    private ObjectNode editUser(String commandId, JsonNode content) {
        String userId = text(content.get("userId"));
        if (userId == null || userId.isBlank()) {
            return result(commandId, "500", "missing required field: userId");
        }
        SimUser edited;
        synchronized (users) {
            SimUser old = users.get(userId);
            if (old == null) {
                return result(commandId, "500", "no user with userId " + userId);
            }
            edited = new SimUser(
                    orElse(text(content.get("user")), old.user()),
                    userId,
                    orElse(text(content.get("pwd")), old.pwd()),
                    orElse(text(content.get("name")), old.name()),
                    orElse(text(content.get("role")), old.role()),
                    orElse(text(content.get("img")), old.img()));
            users.put(userId, edited);
        }
        LOG.info("terminal {} edited {}", sn, edited);
        return result(commandId, "200", "");
    }

    private ObjectNode deleteUser(String commandId, JsonNode content) {
        String userId = text(content.get("userId"));
        String name = text(content.get("name"));
        synchronized (users) {
            if (userId != null && !userId.isBlank()) {
                SimUser removed = users.remove(userId);
                if (removed == null) {
                    return result(commandId, "500", "no user with userId " + userId);
                }
                LOG.info("terminal {} deleted {}", sn, removed);
                return result(commandId, "200", "");
            }
            if (name != null && !name.isBlank()) {
                boolean any = users.values().removeIf(u -> name.equals(u.name()));
                return any ? result(commandId, "200", "") : result(commandId, "500", "no user named " + name);
            }
        }
        return result(commandId, "500", "missing required field: userId");
    }

    private ObjectNode selectUser(String commandId, JsonNode content) {
        String userId = text(content.get("userId"));
        String name = text(content.get("name"));
        ArrayNode found = MAPPER.createArrayNode();
        synchronized (users) {
            for (SimUser u : users.values()) {
                if (userId != null && !userId.isEmpty() && !userId.equals(u.userId())) {
                    continue;
                }
                if (name != null && !name.isEmpty() && !name.equals(u.name())) {
                    continue;
                }
                found.add(userJson(u));
            }
        }
        SimUser generatedUser = generated.find(userId);
        if (generatedUser != null) {
            found.add(userJson(generatedUser));
        }
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("code", "203");
        answer.set("content", found);
        putCommandId(answer, commandId);
        return answer;
    }

    private ObjectNode compareUser(String commandId, JsonNode content) {
        String img = text(content.get("img"));
        if (img == null) {
            return result(commandId, "500", "missing required field: img");
        }
        String wanted = stripWhitespace(img);
        boolean exists;
        synchronized (users) {
            exists = users.values().stream().anyMatch(u -> u.img() != null && stripWhitespace(u.img()).equals(wanted));
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("exit", exists ? "1" : "0");
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("code", "204");
        answer.set("content", body);
        putCommandId(answer, commandId);
        return answer;
    }

    private ObjectNode queryEvent(String commandId, JsonNode content) {
        String eventId = text(content.get("eventid"));
        if (eventId == null) {
            eventId = text(content.get("eventId"));
        }
        if (eventId == null) {
            return result(commandId, "500", "missing required field: eventid");
        }
        StoredEvent event;
        synchronized (events) {
            event = events.get(eventId);
        }
        if (event == null) {
            return result(commandId, "500", "no event with eventid " + eventId);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("eventid", event.eventId());
        body.put("type", event.type());
        body.set("data", event.data());
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("code", "208");
        answer.set("content", body);
        putCommandId(answer, commandId);
        return answer;
    }

    // ------------------------------------------------------------------------------------------------------------
    // frames

    private String registrationFrame() {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("ip", ip);
        data.put("mac", mac);
        data.put("sn", sn);
        data.put("type", type);
        ObjectNode frame = MAPPER.createObjectNode();
        frame.put("code", "205");
        frame.set("data", data);
        return write(frame);
    }

    private static String heartbeatFrame() {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("time", LocalDateTime.now().format(HEARTBEAT_TIME));
        ObjectNode frame = MAPPER.createObjectNode();
        frame.put("code", "206");
        frame.set("data", data);
        return write(frame);
    }

    private static ObjectNode result(String commandId, String code, String data) {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("code", code);
        answer.put("data", data);
        putCommandId(answer, commandId);
        return answer;
    }

    private static void putCommandId(ObjectNode answer, String commandId) {
        if (commandId != null) {
            answer.put("commandId", commandId);
        }
    }

    static ObjectNode userJson(SimUser u) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("user", nullToEmpty(u.user()));
        node.put("userId", nullToEmpty(u.userId()));
        node.put("pwd", nullToEmpty(u.pwd()));
        node.put("name", nullToEmpty(u.name()));
        node.put("role", nullToEmpty(u.role()));
        node.put("img", nullToEmpty(u.img()));
        return node;
    }

    /**
     * The payload object of a frame: {@code content}, else {@code data}; a payload sent as a string holding JSON is
     * parsed. Anything else gives an empty object.
     */
    private static JsonNode payload(JsonNode frame) {
        JsonNode p = frame.get("content");
        if (p == null || p.isNull() || (p.isTextual() && p.asText().isBlank())) {
            JsonNode data = frame.get("data");
            if (data != null && !data.isNull()) {
                p = data;
            }
        }
        if (p != null && p.isTextual()) {
            String s = p.asText().trim();
            if (s.startsWith("{")) {
                try {
                    p = MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    p = null;
                }
            } else {
                p = null;
            }
        }
        return p != null && p.isObject() ? p : MAPPER.createObjectNode();
    }

    /** A string value read tolerantly: strings, numbers and booleans as text; null, missing or containers as null. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // helpers

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private String nextEventId() {
        return LocalDateTime.now().format(EVENT_ID_TIME) + String.format("%06d", eventSequence.incrementAndGet() % 1_000_000);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String stripWhitespace(String s) {
        return s.replaceAll("\\s+", "");
    }

    private static String randomSn() {
        return "SIM" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    /** A locally administered MAC address derived from the serial number, as 12 upper-case hex digits. */
    static String macFor(String sn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sn.getBytes(StandardCharsets.UTF_8));
            StringBuilder mac = new StringBuilder("02");
            for (int i = 0; i < 5; i++) {
                mac.append(String.format("%02X", hash[i] & 0xff));
            }
            return mac.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebSocketConnectOptions connectOptions(String wsUrl) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(wsUrl, "wsUrl").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a WebSocket URL: " + wsUrl, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean ssl;
        switch (scheme) {
            case "ws", "http" -> ssl = false;
            case "wss", "https" -> ssl = true;
            default -> throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): " + wsUrl);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URL without host: " + wsUrl);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path).setSsl(ssl);
    }

    @Override
    public String toString() {
        return "SimulatedTerminal[sn=" + sn + ", url=" + loggedUrl + ", connected=" + connected + "]";
    }

    private static final class DefaultImage {
        static final String BASE64 = SampleImages.jpegBase64(0);
    }

    /** Builds a {@link SimulatedTerminal}. */
    public static final class Builder {
        private final String url;
        private String sn;
        private String ip;
        private String mac;
        private String type;
        private Vertx vertx;
        private boolean heartbeats = true;
        private boolean register = true;
        private boolean recordCommands = true;
        private GeneratedUsers generated = GeneratedUsers.none();
        private int maxStoredEvents = DEFAULT_MAX_STORED_EVENTS;
        private boolean trustAll;

        private Builder(String url) {
            connectOptions(url); // validates
            this.url = url.trim();
        }

        /**
         * For wss:// only: accept any server certificate (a test gateway's self-signed one). Default false: the JVM's
         * trust store decides, as a real terminal's configured CA would.
         */
        public Builder trustAll(boolean trustAll) {
            this.trustAll = trustAll;
            return this;
        }

        /** Serial number; default "SIM" and nine random digits. */
        public Builder sn(String sn) {
            this.sn = sn;
            return this;
        }

        /** IP address reported at registration; default "127.0.0.1". */
        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        /** MAC address reported at registration; default derived from the serial number. */
        public Builder mac(String mac) {
            this.mac = mac;
            return this;
        }

        /** Terminal type: "0" entry and exit (default), "1" exit, "2" entry. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** A shared Vert.x to run on; without one the terminal creates its own and closes it in close(). */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /** Whether to heartbeat at the interval the server gave at registration (default true). */
        public Builder heartbeats(boolean heartbeats) {
            this.heartbeats = heartbeats;
            return this;
        }

        /** Whether to send the registration report right after connecting (default true). */
        public Builder register(boolean register) {
            this.register = register;
            return this;
        }

        /** Whether to keep the texts of received commands for {@link #receivedCommands()} (default true). */
        public Builder recordCommands(boolean recordCommands) {
            this.recordCommands = recordCommands;
            return this;
        }

        /**
         * Holds {@code count} more users, made from their index whenever needed and never kept (see
         * {@link GeneratedUsers}), each with a photo of {@code photoBytes} bytes. A selectUser of every user then
         * answers one message streamed in frames of {@link #ANSWER_FRAME_SIZE} bytes, its commandId last.
         */
        public Builder generatedUsers(int count, int photoBytes) {
            this.generated = new GeneratedUsers(count, photoBytes);
            return this;
        }

        /** How many reported events to keep for queryEvent, oldest dropped first (default 10000). */
        public Builder maxStoredEvents(int maxStoredEvents) {
            if (maxStoredEvents < 1) {
                throw new IllegalArgumentException("maxStoredEvents must be at least 1");
            }
            this.maxStoredEvents = maxStoredEvents;
            return this;
        }

        public SimulatedTerminal build() {
            return new SimulatedTerminal(this);
        }
    }
}
