package dev.doorface.camel.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.gateway.admission.AdmissionDecision;
import dev.doorface.camel.gateway.admission.AdmissionRequest;
import dev.doorface.camel.metrics.EventOutcome;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.FrameCodec;
import dev.doorface.camel.protocol.InboundFrame;
import dev.doorface.camel.protocol.LogMask;
import dev.doorface.camel.protocol.MalformedFrameException;
import dev.doorface.camel.protocol.Report;
import dev.doorface.camel.protocol.UserListStream;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.impl.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal connection. Its reports are handled one after another, in the order sent, and each is answered only
 * when its handling is over; answers to server commands go straight to the terminal's mailbox. When more than
 * maxPendingReports reports wait (a slow route, a busy worker pool), the session stops reading the socket, so TCP
 * holds the terminal back instead of the gateway's heap. All state is confined to the connection's event loop;
 * routes run on worker threads and their outcome hops back.
 */
final class TerminalSession {

    static final short CLOSE_REPLACED = 4001;
    static final short CLOSE_HEARTBEAT_EXPIRED = 4002;
    static final short CLOSE_NOT_REGISTERED = 4003;
    static final short CLOSE_GOING_AWAY = 1001;
    static final short CLOSE_TOO_BIG = 1009;
    static final short CLOSE_OVERLOADED = 1011;
    /** Policy violation (RFC 6455): the terminal was not admitted. */
    static final short CLOSE_NOT_ADMITTED = 1008;

    private static final Logger LOG = LoggerFactory.getLogger(TerminalSession.class);
    /** Messages up to this size are parsed on the event loop; larger ones on a worker. */
    private static final int INLINE_DECODE_LIMIT = 64 * 1024;
    /** Scanners and broken clients may open connections by the hundred: one line per ten seconds for them. */
    private static final RateLimitedLog UNREGISTERED = new RateLimitedLog(LOG, 10_000);
    /** Shared by every idle connection: a completed future is never changed by its dependents. */
    private static final CompletableFuture<Void> NOTHING_DECODING = CompletableFuture.completedFuture(null);
    private static final String NOT_STORED = FrameCodec.response(FrameCodec.FAILED, null, "event not stored");

    /** A report, or a frame that could not be read, waiting for its turn. */
    private sealed interface Step permits Incoming, Unreadable {
    }

    /** @param arrived when its last frame was read (System.nanoTime) */
    private record Incoming(Report report, long arrived) implements Step {
    }

    private record Unreadable(String problem) implements Step {
    }

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** Unique in this JVM: tells a cluster which connection of a terminal a claim was made for. */
    final long id = IDS.incrementAndGet();
    private final DoorfaceGateway gateway;
    private final ServerWebSocket ws;
    private final Context context;
    private final String remoteAddress;
    private final String eventLoopThread;
    private final MessageAssembler assembler;
    // sized for the usual one or two reports: ten thousand connections each holding the default 16 slots add up
    private final ArrayDeque<Step> steps = new ArrayDeque<>(2);
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private CompletableFuture<Void> idle;
    private CompletableFuture<Void> decoding = NOTHING_DECODING;
    private int decodesInFlight;
    private boolean busy;
    // read by the gateway's health details from other threads
    private volatile boolean paused;
    /** Reading is paused because a streamed answer's parser is behind. */
    private boolean answerPaused;
    /** The answer being read while it arrives, or null. */
    private StreamedAnswer streamed;
    private long streamedSize;
    /** Streamed answers not yet handed over: later messages wait for them, but they are no reports to limit. */
    private int streamsInFlight;
    private boolean stopping;
    private boolean closed;
    private String closeReason;
    // written on the event loop, read by the gateway and its health checks
    private volatile String sn;
    private long lastSeen;
    // epoch millis, written on the event loop and read by the dev console: 0 = not yet
    private volatile long registeredAt;
    private volatile long lastHeartbeat;
    /** Its place in its event loop's SilenceWatch, -1 when not watched; read and written on the event loop. */
    int watchIndex = -1;
    /** The report being handled: when it arrived (0 while durations are not measured) and its kind, once known. */
    private long stepArrived;
    private EventKind stepKind;
    /** When the connection was accepted (System.nanoTime): its SilenceWatch closes it unregistered after the timeout. */
    private long acceptedAt;

    private final SilenceWatch silenceWatch;

    TerminalSession(DoorfaceGateway gateway, ServerWebSocket ws, Context context, SilenceWatch silenceWatch) {
        this.gateway = gateway;
        this.silenceWatch = silenceWatch;
        this.ws = ws;
        this.context = context;
        this.remoteAddress = String.valueOf(ws.remoteAddress());
        // created on the event loop that accepted the connection, which serves it to the end
        this.eventLoopThread = Thread.currentThread().getName();
        this.assembler = new MessageAssembler(gateway.settings().maxMessageSize());
    }

    /** On the event loop, when the WebSocket is accepted. */
    void start() {
        lastSeen = System.nanoTime();
        acceptedAt = lastSeen;
        ws.frameHandler(this::onFrame);
        ws.closeHandler(v -> onClosed());
        ws.exceptionHandler(this::onException);
        // the watch checks the registration deadline too: no timer set and cancelled per connection
        silenceWatch.add(this);
        LOG.debug("Connection from {}", remoteAddress);
    }

    String sn() {
        return sn;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    String eventLoopThread() {
        return eventLoopThread;
    }

    /** When this connection registered its sn (epoch millis), 0 before. */
    long registeredAt() {
        return registeredAt;
    }

    /** When its terminal last sent a heartbeat (epoch millis), 0 for none yet. */
    long lastHeartbeat() {
        return lastHeartbeat;
    }

    /** From any thread (the terminal's mailbox): writes a command frame as one text frame, without copying. */
    Future<Void> write(ByteBuf frame) {
        return ws.writeFrame(TextFrames.of(frame));
    }

    /**
     * From any thread: a timer on this connection's event loop, where the terminal's answers arrive. A command's
     * timeout is set here, not with {@code vertx.setTimer} from the producer's thread, which puts it on that thread's
     * sticky event loop: cancelled from another loop when the answer came, it stayed in that loop's queue until the
     * loop next woke (Netty removes a timer cancelled from another thread lazily), and tens of thousands of them,
     * live through every young collection, made those pauses three times raw Vert.x's. (Vert.x 4's public
     * {@code Context} has no setTimer; every context it creates is a {@code ContextInternal}.)
     */
    long setTimer(long delayMillis, Handler<Long> handler) {
        return ((ContextInternal) context).setTimer(delayMillis, handler);
    }

    /**
     * From any thread: stops reading, drops the reports not yet started (they were never answered, so the terminal
     * sends them again) and completes once the report being handled, if any, has been answered.
     */
    CompletableFuture<Void> quiesce() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            stopping = true;
            steps.clear();
            if (!closed) {
                pause();
            }
            if (busy && !closed) {
                idle = done;
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /** From any thread: ends the connection with a status and reason; completes once it has ended. */
    CompletableFuture<Void> close(short status, String reason) {
        context.runOnContext(v -> closeNow(status, reason));
        return ended;
    }

    private void closeNow(short status, String reason) {
        if (closed) {
            return;
        }
        if (closeReason == null) {
            closeReason = reason;
        }
        ws.close(status, reason);
    }

    private void onException(Throwable error) {
        if (error instanceof CorruptedWebSocketFrameException corrupt) {
            // Vert.x leaves the connection open after Netty refuses a frame (too big, bad framing): end it here
            LOG.warn("Closing {} ({}): {}", remoteAddress, sn, error.getMessage());
            closeNow((short) corrupt.closeStatus().code(),
                    corrupt.closeStatus().code() == CLOSE_TOO_BIG ? "message too big" : "protocol error");
        } else {
            LOG.debug("Connection {} ({}): {}", remoteAddress, sn, error.toString());
        }
    }

    private void onFrame(WebSocketFrame frame) {
        lastSeen = System.nanoTime();
        if (streamed != null) {
            onStreamedFrame(frame);
            return;
        }
        Buffer message;
        try {
            message = assembler.onFrame(frame);
        } catch (MessageAssembler.TooBigException e) {
            if (!startStreamed(e)) {
                LOG.warn("Closing {} ({}): {}", remoteAddress, sn, e.getMessage());
                closeNow(CLOSE_TOO_BIG, "message too big");
            }
            return;
        }
        if (message == null || closed || closeReason != null) {
            return;
        }
        if (message.length() <= INLINE_DECODE_LIMIT && decodesInFlight == 0 && streamsInFlight == 0) {
            onDecoded(Decoded.of(message, lastSeen));
            return;
        }
        // photos and user lists are parsed on a worker, not the event loop; the chain keeps them in order
        decodesInFlight++;
        long arrived = lastSeen;
        decoding = decoding
                .thenCompose(v -> Offload.supply(gateway.worker(), () -> Decoded.of(message, arrived)))
                .handle((decoded, error) -> {
                    context.runOnContext(v -> onDecodedOffLoop(decoded, error));
                    return null;
                });
        updateFlow();
    }

    /**
     * A message outgrew maxMessageSize: when the terminal is answering a selectUser, the message is taken for that
     * answer and read while it arrives, after the messages before it and before those after it.
     *
     * @return false when it cannot be the awaited answer (it is then too big, as before)
     */
    private boolean startStreamed(MessageAssembler.TooBigException tooBig) {
        if (closed || closeReason != null) {
            return true;
        }
        OutboundCommand awaited = sn == null ? null : gateway.commandInFlight(sn, this);
        if (awaited == null || !"selectUser".equals(awaited.operation())) {
            return false;
        }
        Buffer head = tooBig.received();
        if (head.length() > gateway.settings().maxAnswerSize()) {
            return false;
        }
        int maxMessageSize = gateway.settings().maxMessageSize();
        StreamedAnswer answer = new StreamedAnswer(new UserListStream(awaited.includePhotos(), maxMessageSize),
                gateway.worker(), maxMessageSize, new StreamedAnswer.Flow() {
                    @Override
                    public void pauseReading() {
                        pauseForAnswer(); // at once: the next frame must not be read
                    }

                    @Override
                    public void resumeReading() {
                        resumeForAnswer();
                    }

                    @Override
                    public void drained(StreamedAnswer answer) {
                        context.runOnContext(v -> answer.mayResume());
                    }

                    @Override
                    public void buffered(long bytes) {
                        gateway.answerBuffered(bytes);
                    }
                });
        LOG.debug("{} ({}) answers {} with more than {} bytes: reading it while it arrives", remoteAddress, sn,
                awaited, maxMessageSize);
        streamed = answer;
        streamedSize = head.length();
        streamsInFlight++;
        decoding = decoding
                .thenCompose(v -> answer.result().handle((read, error) -> read == null ? error : read))
                .handle((outcome, error) -> {
                    context.runOnContext(v -> onStreamedDone(outcome));
                    return null;
                });
        answer.feed(head.getBytes(), tooBig.last());
        if (tooBig.last()) {
            streamed = null;
        }
        return true;
    }

    /** The next frame of a streamed answer, on the event loop. */
    private void onStreamedFrame(WebSocketFrame frame) {
        if (!frame.isContinuation()) {
            return; // control frames are Vert.x's; a data frame cannot start inside a message
        }
        Buffer data = frame.binaryData();
        streamedSize += data.length();
        if (streamedSize > gateway.settings().maxAnswerSize()) {
            LOG.warn("Closing {} ({}): answer of at least {} bytes exceeds maxAnswerSize {}", remoteAddress, sn,
                    streamedSize, gateway.settings().maxAnswerSize());
            streamed.abandon();
            streamed = null;
            closeNow(CLOSE_TOO_BIG, "message too big");
            return;
        }
        streamed.feed(data.getBytes(), frame.isFinal());
        if (frame.isFinal()) {
            streamed = null;
        }
    }

    /** A streamed answer was read (an Answer) or could not be (a Throwable); frames after it wait for this. */
    private void onStreamedDone(Object outcome) {
        streamsInFlight--;
        if (closed || closeReason != null) {
            return;
        }
        if (outcome instanceof Answer answer && gateway.onAnswer(sn, this, answer)) {
            return;
        }
        // not the awaited answer after all, or unreadable: it was too big to be anything else
        LOG.warn("Closing {} ({}): a message over maxMessageSize that is not the awaited answer ({})", remoteAddress,
                sn, outcome instanceof Answer answer ? "commandId " + LogMask.frame(answer.commandId())
                        : LogMask.frame(outcome instanceof Throwable error ? error.getMessage() : "no answer"));
        closeNow(CLOSE_TOO_BIG, "message too big");
    }

    private void pauseForAnswer() {
        if (!closed && !answerPaused) {
            answerPaused = true;
            ws.pause();
        }
    }

    private void resumeForAnswer() {
        if (answerPaused) {
            answerPaused = false;
            if (!paused && !closed) {
                ws.resume();
            }
        }
    }

    private void onDecodedOffLoop(Decoded decoded, Throwable error) {
        decodesInFlight--;
        if (closed || closeReason != null) {
            return;
        }
        if (error != null) {
            // no worker took the message: it cannot be answered in order, so the terminal sends it again later
            LOG.warn("Closing {} ({}): no worker to read its message: {}", remoteAddress, sn, error.toString());
            closeNow(CLOSE_OVERLOADED, "gateway overloaded");
            return;
        }
        onDecoded(decoded);
        updateFlow();
    }

    /**
     * A message read, or why it could not be; answer tells that a broken frame names a commandId; arrived is when
     * its last frame was read.
     */
    private record Decoded(InboundFrame frame, String problem, String excerpt, boolean answer, long arrived) {

        static Decoded of(Buffer message, long arrived) {
            try {
                return new Decoded(FrameCodec.decode(message.getBytes()), null, null, false, arrived);
            } catch (MalformedFrameException e) {
                int head = Math.min(message.length(), 2048);
                return new Decoded(null, e.getMessage(),
                        LogMask.frame(message.getString(0, head, StandardCharsets.UTF_8.name())), e.isAnswer(),
                        arrived);
            }
        }
    }

    private void onDecoded(Decoded decoded) {
        if (decoded.frame() == null && decoded.answer()) {
            // a broken answer gets no report answer: that would shift the terminal's first-in first-out matching
            LOG.warn("Dropping a malformed answer from {} ({}): {}: {}", remoteAddress, sn,
                    LogMask.frame(decoded.problem()), decoded.excerpt());
            return;
        }
        if (decoded.frame() == null) {
            LOG.warn("Malformed frame from {} ({}): {}: {}", remoteAddress, sn, LogMask.frame(decoded.problem()),
                    decoded.excerpt());
            enqueue(new Unreadable(decoded.problem()));
            return;
        }
        if (decoded.frame() instanceof Answer answer) {
            if (!gateway.onAnswer(sn, this, answer)) {
                LOG.warn("Dropping answer from {} with unknown or late commandId {} (code {})", sn,
                        LogMask.frame(answer.commandId()), LogMask.frame(answer.code()));
            }
        } else {
            enqueue(new Incoming((Report) decoded.frame(), decoded.arrived()));
        }
    }

    private void enqueue(Step step) {
        if (stopping) {
            return; // never answered: the terminal reports it again to the next gateway it reaches
        }
        steps.add(step);
        drain();
        updateFlow();
    }

    /**
     * Runs the next step when none is running; its completion runs the one after. Called on the event loop only. A
     * step whose answer is ready at once (a route with blocking=false, a heartbeat) is answered here, without a task
     * more on the event loop per report; the loop, not recursion, takes the steps after it.
     */
    private void drain() {
        while (!busy) {
            Step step = steps.poll();
            if (step == null) {
                return;
            }
            busy = true;
            stepKind = null;
            stepArrived = step instanceof Incoming incoming && gateway.metrics().timed() ? incoming.arrived() : 0;
            CompletableFuture<String> reply;
            try {
                reply = handle(step);
            } catch (Throwable e) {
                // whatever went wrong handing the report over, the session goes on with the next one
                LOG.warn("Failed to handle a report of {} ({})", sn, remoteAddress, e);
                reply = CompletableFuture.completedFuture(
                        FrameCodec.response(FrameCodec.FAILED, null, "internal error"));
            }
            if (reply.isDone()) {
                answered(reply.isCompletedExceptionally() ? null : reply.join());
            } else {
                reply.whenComplete((text, error) -> context.runOnContext(v -> stepDone(text)));
            }
        }
    }

    private void stepDone(String answer) {
        answered(answer);
        drain();
        updateFlow();
    }

    /** Writes the answer of the step that ran (none when null: the terminal sends the report again) and ends it. */
    private void answered(String answer) {
        if (answer != null && !closed) {
            ws.writeTextMessage(answer);
            reportAnswered();
        }
        busy = false;
        if (idle != null) {
            idle.complete(null);
            idle = null;
        }
    }

    /** The report being handled was answered: its handling time, when measured and its kind is known. */
    private void reportAnswered() {
        if (stepArrived != 0 && stepKind != null) {
            gateway.metrics().reportAnswered(stepKind, System.nanoTime() - stepArrived);
            stepArrived = 0;
        }
    }

    /** Pauses reading while too many reports wait; resumes once they are down to half. */
    private void updateFlow() {
        if (closed || stopping) {
            return;
        }
        int waiting = steps.size() + decodesInFlight;
        int limit = gateway.settings().maxPendingReports();
        if (!paused && waiting >= limit) {
            LOG.debug("{} ({}) has {} reports waiting: pausing its socket", remoteAddress, sn, waiting);
            pause();
        } else if (paused && waiting <= limit / 2) {
            paused = false;
            if (!answerPaused) {
                ws.resume();
            }
        }
    }

    private void pause() {
        if (!paused) {
            paused = true;
            ws.pause();
        }
    }

    /** True while the session does not read the socket because of its own backlog (tests, health). */
    boolean paused() {
        return paused;
    }

    /** @return the answer to write to the terminal, or null for none */
    private CompletableFuture<String> handle(Step step) {
        if (step instanceof Unreadable unreadable) {
            return answer(FrameCodec.FAILED, "malformed frame: " + unreadable.problem());
        }
        Report report = ((Incoming) step).report();
        if (Report.REGISTRATION.equals(report.code())) {
            return register(report);
        }
        if (sn == null) {
            LOG.warn("Refusing report {} from {}: the terminal has not registered", report.code(), remoteAddress);
            return answer(FrameCodec.FAILED, "not registered");
        }
        if (Report.HEARTBEAT.equals(report.code())) {
            // answered 200 whatever the routes do with it
            stepKind = EventKind.HEARTBEAT;
            gateway.metrics().event(EventKind.HEARTBEAT, EventOutcome.ACKNOWLEDGED);
            lastHeartbeat = System.currentTimeMillis();
            HeartbeatEvent beat = new HeartbeatEvent(sn, FrameCodec.text(report.data(), "time"));
            return gateway.wants(beat)
                    ? gateway.dispatch(sn, beat, remoteAddress).thenApply(outcome -> FrameCodec.RESPONSE_OK)
                    : CompletableFuture.completedFuture(FrameCodec.RESPONSE_OK);
        }
        TerminalEvent event;
        try {
            event = FrameCodec.event(sn, report.data());
        } catch (MalformedFrameException e) {
            LOG.warn("Refusing event from {}: {}", sn, e.getMessage());
            return answer(FrameCodec.FAILED, e.getMessage());
        }
        stepKind = event.kind();
        return gateway.dispatch(sn, event, remoteAddress).thenApply(outcome -> switch (outcome) {
            case HANDLED -> {
                gateway.metrics().event(event.kind(), EventOutcome.ACKNOWLEDGED);
                yield FrameCodec.RESPONSE_OK;
            }
            case FAILED -> {
                gateway.metrics().event(event.kind(), EventOutcome.FAILED);
                yield NOT_STORED;
            }
            case UNHANDLED -> {
                gateway.metrics().event(event.kind(), EventOutcome.UNHANDLED);
                LOG.warn("No consumer takes {} events: not acknowledging event {} of {}", event.kind(),
                        eventIdOf(event), sn);
                yield FrameCodec.response(FrameCodec.FAILED, null, "no consumer for this event");
            }
        });
    }

    private CompletableFuture<String> register(Report report) {
        stepKind = EventKind.REGISTERED;
        TerminalRegistered registered;
        try {
            registered = FrameCodec.registration(report.data(), remoteAddress);
        } catch (MalformedFrameException e) {
            gateway.metrics().event(EventKind.REGISTERED, EventOutcome.REFUSED);
            LOG.warn("Refusing registration from {}: {}", remoteAddress, e.getMessage());
            return answer(FrameCodec.FAILED, e.getMessage());
        }
        // decided before the registry is touched: a refused terminal never takes over a connected one
        AdmissionRequest request = new AdmissionRequest(registered.sn(), registered.mac(), registered.ip(),
                remoteAddress, ws.path(), ws.query());
        CompletableFuture<AdmissionDecision> decision = gateway.gatekeeper().decide(request, gateway.worker());
        if (decision.isDone() && !decision.isCompletedExceptionally()) {
            // decided at once (no hook): still on the event loop, no task more per registration; a failed decision
            // takes the path below, as before, rather than the drain's "internal error"
            return decision.join().admitted() ? admitted(registered) : refused();
        }
        return decision.thenComposeAsync(decided -> decided.admitted() ? admitted(registered) : refused(),
                task -> context.runOnContext(v -> task.run()));
    }

    /** A refused registration is answered 500 and the connection closed; reports waiting behind it are dropped. */
    private CompletableFuture<String> refused() {
        gateway.metrics().event(EventKind.REGISTERED, EventOutcome.REFUSED);
        if (!closed) {
            // only reports wait here while open; once closed, the disconnection of an sn held before must still run
            steps.clear();
            ws.writeTextMessage(FrameCodec.response(FrameCodec.FAILED, null, "not admitted"));
            reportAnswered();
            closeNow(CLOSE_NOT_ADMITTED, "not admitted");
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<String> admitted(TerminalRegistered registered) {
        if (closed || closeReason != null) {
            // ended while the hook decided: registering now would leave a dead connection in the registry
            return CompletableFuture.completedFuture(null);
        }
        if (sn != null && !sn.equals(registered.sn())) {
            gateway.unregister(sn, this, "registered again as " + registered.sn());
        }
        sn = registered.sn();
        registeredAt = System.currentTimeMillis();
        // DEBUG: at 10,000 terminals a reconnect would be 10,000 lines; routes get REGISTERED to log as they choose
        LOG.debug("Terminal {} registered from {} (ip {}, type {})", sn, remoteAddress, registered.ip(),
                registered.type());
        CompletableFuture<EventDispatcher.Outcome> outcome = gateway.register(sn, this, registered);
        // answered at once, once registered: the terminal waits for its heartbeat interval; routes see the event
        // before later reports; commands waiting for the terminal follow the answer
        ws.writeTextMessage(gateway.registrationAnswer());
        gateway.metrics().event(EventKind.REGISTERED, EventOutcome.ACKNOWLEDGED);
        reportAnswered();
        gateway.releaseCommands(sn);
        return outcome.thenApply(o -> null);
    }

    private static CompletableFuture<String> answer(String code, String data) {
        return CompletableFuture.completedFuture(FrameCodec.response(code, null, data));
    }

    private static String eventIdOf(TerminalEvent event) {
        if (event instanceof AccessEvent access) {
            return access.eventId();
        }
        if (event instanceof UserAddedEvent added) {
            return added.eventId();
        }
        return null;
    }

    /** On the event loop, from its SilenceWatch: closes a connection that has not registered in time. */
    private void closeUnregistered() {
        UNREGISTERED.warn("Closing {} connection(s) not registered within {} ms, the last from {}",
                gateway.settings().registrationTimeoutMillis(), remoteAddress);
        closeNow(CLOSE_NOT_REGISTERED, "not registered in time");
    }

    /**
     * On the event loop, from its SilenceWatch: closes the connection when it has not registered within the
     * registration timeout, or once its terminal has been silent for the expiry.
     */
    void checkSilence() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (sn == null && closeReason == null
                && (now - acceptedAt) / 1_000_000 >= gateway.settings().registrationTimeoutMillis()) {
            closeUnregistered();
            return;
        }
        if (paused || answerPaused) {
            // the silence is ours: we are not reading what the terminal sends
            lastSeen = now;
        }
        long silentMillis = (now - lastSeen) / 1_000_000;
        long expiry = gateway.settings().expiryMillis();
        if (silentMillis >= expiry) {
            LOG.warn("Terminal {} ({}) silent for {} ms: disconnecting", sn, remoteAddress, silentMillis);
            closeNow(CLOSE_HEARTBEAT_EXPIRED, "heartbeat expired");
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        silenceWatch.remove(this);
        String reason = closeReason != null ? closeReason : "closed by terminal";
        gateway.forget(this);
        if (streamed != null) {
            streamed.abandon();
            streamed = null;
        }
        // reports not yet started were never answered: the terminal sends them again, so they are dropped
        steps.clear();
        if (idle != null) {
            idle.complete(null);
            idle = null;
        }
        boolean held = gateway.unregister(sn, this, reason);
        ended.complete(null);
        if (held) {
            LOG.debug("Terminal {} disconnected: {}", sn, reason); // DEBUG: as registrations, see above
        } else {
            LOG.debug("Connection {} ({}) ended: {}", remoteAddress, sn, reason);
        }
    }
}
