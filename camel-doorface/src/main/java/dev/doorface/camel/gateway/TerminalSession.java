package dev.doorface.camel.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.FrameCodec;
import dev.doorface.camel.protocol.InboundFrame;
import dev.doorface.camel.protocol.LogMask;
import dev.doorface.camel.protocol.MalformedFrameException;
import dev.doorface.camel.protocol.Report;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal connection. Its reports are handled one after another, in the order sent, and each is answered only
 * when its handling is over; answers to server commands go straight to the mailbox. All state is confined to the
 * connection's event loop; routes run on worker threads and their outcome hops back.
 */
final class TerminalSession {

    static final short CLOSE_REPLACED = 4001;
    static final short CLOSE_HEARTBEAT_EXPIRED = 4002;
    static final short CLOSE_GOING_AWAY = 1001;
    static final short CLOSE_TOO_BIG = 1009;

    private static final Logger LOG = LoggerFactory.getLogger(TerminalSession.class);
    /** Messages up to this size are parsed on the event loop; larger ones on a worker. */
    private static final int INLINE_DECODE_LIMIT = 64 * 1024;

    /** A report or the end of the connection, waiting for its turn. */
    private sealed interface Step permits Incoming, Unreadable, Ended {
    }

    private record Incoming(Report report) implements Step {
    }

    private record Unreadable(String problem) implements Step {
    }

    private record Ended(String reason) implements Step {
    }

    private final DoorfaceGateway gateway;
    private final ServerWebSocket ws;
    private final Context context;
    private final String remoteAddress;
    private final MessageAssembler assembler;
    private final TerminalMailbox mailbox;
    private final ArrayDeque<Step> steps = new ArrayDeque<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private CompletableFuture<Void> decoding = CompletableFuture.completedFuture(null);
    private int decodesInFlight;
    private boolean busy;
    private boolean closed;
    private String closeReason;
    // written on the event loop, read by producers handing over commands
    private volatile String sn;
    private long lastSeen;
    private long watchdog = -1;

    TerminalSession(DoorfaceGateway gateway, ServerWebSocket ws, Context context) {
        this.gateway = gateway;
        this.ws = ws;
        this.context = context;
        this.remoteAddress = String.valueOf(ws.remoteAddress());
        this.assembler = new MessageAssembler(gateway.settings().maxMessageSize());
        this.mailbox = new TerminalMailbox(gateway.vertx(), ws::writeTextMessage);
    }

    /** On the event loop, when the WebSocket is accepted. */
    void start() {
        lastSeen = System.nanoTime();
        ws.frameHandler(this::onFrame);
        ws.closeHandler(v -> onClosed());
        ws.exceptionHandler(this::onException);
        scheduleWatchdog(gateway.settings().expiryMillis());
        LOG.debug("Connection from {}", remoteAddress);
    }

    String sn() {
        return sn;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    /** From any thread: queues a command in this terminal's mailbox. */
    CompletableFuture<Answer> submit(OutboundCommand command) {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        String target = sn;
        context.runOnContext(v -> mailbox.offer(target, command, result));
        return result;
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
        Buffer message;
        try {
            message = assembler.onFrame(frame);
        } catch (MessageAssembler.TooBigException e) {
            LOG.warn("Closing {} ({}): {}", remoteAddress, sn, e.getMessage());
            closeNow(CLOSE_TOO_BIG, "message too big");
            return;
        }
        if (message == null || closed || closeReason != null) {
            return;
        }
        if (message.length() <= INLINE_DECODE_LIMIT && decodesInFlight == 0) {
            onDecoded(Decoded.of(message));
            return;
        }
        // photos and user lists are parsed on a worker, not the event loop; the chain keeps them in order
        decodesInFlight++;
        decoding = decoding
                .thenApplyAsync(v -> Decoded.of(message), gateway.worker())
                .thenAccept(decoded -> context.runOnContext(v -> {
                    decodesInFlight--;
                    if (!closed && closeReason == null) {
                        onDecoded(decoded);
                    }
                }));
    }

    /** A message read, or why it could not be; answer tells that a broken frame names a commandId. */
    private record Decoded(InboundFrame frame, String problem, String excerpt, boolean answer) {

        static Decoded of(Buffer message) {
            try {
                return new Decoded(FrameCodec.decode(message.getBytes()), null, null, false);
            } catch (MalformedFrameException e) {
                int head = Math.min(message.length(), 2048);
                return new Decoded(null, e.getMessage(),
                        LogMask.frame(message.getString(0, head, StandardCharsets.UTF_8.name())), e.isAnswer());
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
            if (!mailbox.onAnswer(answer)) {
                LOG.warn("Dropping answer from {} with unknown or late commandId {} (code {})", sn,
                        LogMask.frame(answer.commandId()), LogMask.frame(answer.code()));
            }
        } else {
            enqueue(new Incoming((Report) decoded.frame()));
        }
    }

    private void enqueue(Step step) {
        steps.add(step);
        drain();
    }

    /** Runs the next step when none is running; its completion runs the one after. */
    private void drain() {
        if (busy) {
            return;
        }
        Step step = steps.poll();
        if (step == null) {
            return;
        }
        busy = true;
        CompletableFuture<String> reply;
        try {
            reply = handle(step);
        } catch (RuntimeException e) {
            LOG.warn("Failed to handle a report of {} ({})", sn, remoteAddress, e);
            reply = CompletableFuture.completedFuture(FrameCodec.response(FrameCodec.FAILED, null, "internal error"));
        }
        reply.whenComplete((text, error) -> context.runOnContext(v -> {
            if (text != null && !closed) {
                ws.writeTextMessage(text);
            }
            busy = false;
            drain();
        }));
    }

    /** @return the answer to write to the terminal, or null for none */
    private CompletableFuture<String> handle(Step step) {
        if (step instanceof Unreadable unreadable) {
            return answer(FrameCodec.FAILED, "malformed frame: " + unreadable.problem());
        }
        if (step instanceof Ended ended) {
            return gateway.dispatch(new TerminalDisconnected(sn, ended.reason()), remoteAddress)
                    .thenApply(outcome -> null);
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
            HeartbeatEvent beat = new HeartbeatEvent(sn, FrameCodec.text(report.data(), "time"));
            String ok = FrameCodec.response(FrameCodec.OK, null, "");
            return gateway.wants(beat)
                    ? gateway.dispatch(beat, remoteAddress).thenApply(outcome -> ok)
                    : CompletableFuture.completedFuture(ok);
        }
        TerminalEvent event;
        try {
            event = FrameCodec.event(sn, report.data());
        } catch (MalformedFrameException e) {
            LOG.warn("Refusing event from {}: {}", sn, e.getMessage());
            return answer(FrameCodec.FAILED, e.getMessage());
        }
        return gateway.dispatch(event, remoteAddress).thenApply(outcome -> switch (outcome) {
            case HANDLED -> FrameCodec.response(FrameCodec.OK, null, "");
            case FAILED -> FrameCodec.response(FrameCodec.FAILED, null, "event not stored");
            case UNHANDLED -> {
                LOG.warn("No consumer takes {} events: not acknowledging event {} of {}", event.kind(),
                        eventIdOf(event), sn);
                yield FrameCodec.response(FrameCodec.FAILED, null, "no consumer for this event");
            }
        });
    }

    private CompletableFuture<String> register(Report report) {
        TerminalRegistered registered;
        try {
            registered = FrameCodec.registration(report.data(), remoteAddress);
        } catch (MalformedFrameException e) {
            LOG.warn("Refusing registration from {}: {}", remoteAddress, e.getMessage());
            return answer(FrameCodec.FAILED, e.getMessage());
        }
        if (sn != null && !sn.equals(registered.sn())) {
            gateway.unregister(sn, this);
        }
        sn = registered.sn();
        gateway.register(sn, this);
        LOG.info("Terminal {} registered from {} (ip {}, type {})", sn, remoteAddress, registered.ip(),
                registered.type());
        // answered at once: the terminal waits for its heartbeat interval; routes see the event before later reports
        ws.writeTextMessage(FrameCodec.response(FrameCodec.OK, gateway.settings().heartbeatIntervalSeconds(), ""));
        return gateway.dispatch(registered, remoteAddress).thenApply(outcome -> null);
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

    private void scheduleWatchdog(long delayMillis) {
        watchdog = gateway.vertx().setTimer(Math.max(1, delayMillis), id -> checkAlive());
    }

    private void checkAlive() {
        if (closed) {
            return;
        }
        long silentMillis = (System.nanoTime() - lastSeen) / 1_000_000;
        long expiry = gateway.settings().expiryMillis();
        if (silentMillis >= expiry) {
            LOG.warn("Terminal {} ({}) silent for {} ms: disconnecting", sn, remoteAddress, silentMillis);
            closeNow(CLOSE_HEARTBEAT_EXPIRED, "heartbeat expired");
        } else {
            scheduleWatchdog(expiry - silentMillis);
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        gateway.vertx().cancelTimer(watchdog);
        mailbox.close();
        String reason = closeReason != null ? closeReason : "closed by terminal";
        gateway.forget(this);
        ended.complete(null);
        // reports not yet started were never answered: the terminal sends them again, so they are dropped
        steps.clear();
        if (sn != null && gateway.unregister(sn, this)) {
            LOG.info("Terminal {} disconnected: {}", sn, reason);
            enqueue(new Ended(reason));
        } else {
            LOG.debug("Connection {} ({}) ended: {}", remoteAddress, sn, reason);
        }
    }
}
