package dev.doorface.cluster;

import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.DoorfaceException;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.AnswerCodec;
import dev.doorface.camel.protocol.MalformedFrameException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.support.Status;

/**
 * The commands this node sent to terminals on other nodes, waiting for their replies: each completes with the
 * terminal's answer or fails with the exception the producer would raise locally. A reply that never comes (a lost
 * message, a node that died) ends the command at its timeout plus a margin, or as soon as its node's lease is seen to
 * have ended.
 */
final class RemoteCommands {

    /** Beyond the command's own timeout, which the holding node enforces: the reply's way back. */
    static final long DEADLINE_MARGIN_MILLIS = 3000;
    /** Room for the headers in a message of at most the server's max_payload. */
    static final int HEADER_ROOM = 2048;

    /** The node of the terminal does not hold it (any more), or is gone: the caller looks it up again. */
    static final class NotHereException extends RuntimeException {
        NotHereException(String sn) {
            super("terminal " + sn + " is not on the node the directory named", null, false, false);
        }
    }

    private final class Pending {
        final String sn;
        final OutboundCommand command;
        final long node;
        final CompletableFuture<Answer> result = new CompletableFuture<>();
        ScheduledFuture<?> deadline;
        ByteArrayOutputStream parts;

        Pending(String sn, OutboundCommand command, long node) {
            this.sn = sn;
            this.command = command;
            this.node = node;
        }
    }

    private final NodeBus bus;
    private final ScheduledExecutorService timer;
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();

    RemoteCommands(NodeBus bus, ScheduledExecutorService timer) {
        this.bus = bus;
        this.timer = timer;
    }

    /**
     * Sends the command to the node holding sn.
     *
     * @return the answer; fails with {@link NotHereException} when that node does not hold sn
     */
    CompletableFuture<Answer> send(long node, String sn, OutboundCommand command) {
        byte[] content = command.content() == null ? new byte[0] : command.content().bytes();
        if (content.length > bus.maxPayload() - HEADER_ROOM) {
            return CompletableFuture.failedFuture(new InvalidCommandException(sn, "Command " + command.operation()
                    + " of " + content.length + " bytes is too big to cross to the node holding " + sn + ": the"
                    + " NATS server takes messages up to " + bus.maxPayload() + " bytes (max_payload)"));
        }
        Headers headers;
        try {
            headers = new Headers()
                    .add(BusHeaders.SN, sn)
                    .add(BusHeaders.COMMAND_ID, command.commandId())
                    .add(BusHeaders.OPERATION, command.operation())
                    .add(BusHeaders.TIMEOUT, Long.toString(command.timeoutMillis()))
                    .add(BusHeaders.PHOTOS, Boolean.toString(command.includePhotos()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new InvalidCommandException(sn, "Terminal sn " + BusHeaders
                    .printable(sn) + " cannot be sent to another node: " + e.getMessage()));
        }
        if (command.content() == null) {
            headers.add(BusHeaders.CONTENT, "none");
        }
        long request = requests.incrementAndGet();
        Pending waiting = new Pending(sn, command, node);
        pending.put(request, waiting);
        waiting.deadline = timer.schedule(() -> expire(request), command.timeoutMillis() + DEADLINE_MARGIN_MILLIS,
                TimeUnit.MILLISECONDS);
        try {
            bus.publish(bus.commandSubject(node), bus.replySubject(request), headers, content);
        } catch (RuntimeException e) {
            fail(request, new TerminalDisconnectedException(sn, command.commandId()));
        }
        return waiting.result;
    }

    /** A reply, or a part of one, or the server's word that nobody listens on that node's subject. */
    void onReply(Message message) {
        long request = NodeBus.requestOf(message.getSubject());
        Pending waiting = pending.get(request);
        if (waiting == null) {
            return; // ended meanwhile (timed out, its node declared gone)
        }
        if (message.isStatusMessage()) {
            if (message.getStatus().getCode() == Status.NO_RESPONDERS_CODE) {
                fail(request, new NotHereException(waiting.sn));
            }
            return;
        }
        Headers headers = message.getHeaders();
        String outcome = headers == null ? null : headers.getFirst(BusHeaders.OUTCOME);
        byte[] body = message.getData();
        int parts = headers == null ? 1 : intOr(headers.getFirst(BusHeaders.PARTS), 1);
        if (parts > 1) {
            int part = intOr(headers.getFirst(BusHeaders.PART), 1);
            synchronized (waiting) {
                if (waiting.parts == null) {
                    waiting.parts = new ByteArrayOutputStream();
                }
                waiting.parts.writeBytes(body);
                if (part < parts) {
                    return;
                }
                body = waiting.parts.toByteArray();
                waiting.parts = null;
            }
        }
        String note = headers == null ? null : headers.getFirst(BusHeaders.MESSAGE);
        Outcome kind;
        try {
            kind = Outcome.valueOf(outcome);
        } catch (IllegalArgumentException | NullPointerException e) {
            kind = Outcome.FAILED;
            note = "reply without a known outcome: " + outcome;
        }
        String sn = waiting.sn;
        String commandId = waiting.command.commandId();
        switch (kind) {
            case ANSWER -> {
                try {
                    succeed(request, AnswerCodec.decode(body));
                } catch (MalformedFrameException e) {
                    fail(request, new DoorfaceException(sn, e.getMessage()));
                }
            }
            case NOT_HERE -> fail(request, new NotHereException(sn));
            case DISCONNECTED -> fail(request, new TerminalDisconnectedException(sn, commandId));
            case TIMEOUT -> fail(request, new CommandTimeoutException(sn, commandId, waiting.command.timeoutMillis()));
            case INVALID -> fail(request, new InvalidCommandException(sn, note));
            default -> fail(request, new DoorfaceException(sn, "Command " + commandId + " for " + sn
                                                               + " failed on the node holding it: " + note));
        }
    }

    /** Ends the commands waiting for nodes whose lease ended: their terminals' connections went with them. */
    void nodesGone(Set<Long> live) {
        pending.forEach((request, waiting) -> {
            if (!live.contains(waiting.node)) {
                fail(request, new TerminalDisconnectedException(waiting.sn, waiting.command.commandId()));
            }
        });
    }

    /** This node is leaving: every command still waiting ends. */
    void close() {
        pending.forEach((request, waiting) -> fail(request,
                new TerminalDisconnectedException(waiting.sn, waiting.command.commandId())));
    }

    int waiting() {
        return pending.size();
    }

    private void expire(long request) {
        Pending waiting = pending.get(request);
        if (waiting != null) {
            fail(request, new CommandTimeoutException(waiting.sn, waiting.command.commandId(),
                    waiting.command.timeoutMillis()));
        }
    }

    private void succeed(long request, Answer answer) {
        Pending waiting = pending.remove(request);
        if (waiting != null) {
            waiting.deadline.cancel(false);
            // on NATS's dispatcher thread: the producer hands the exchange to a worker itself, unless its route said
            // it does not block (blocking=false), as for an answer that arrives on an event loop
            waiting.result.complete(answer);
        }
    }

    private void fail(long request, Throwable error) {
        Pending waiting = pending.remove(request);
        if (waiting != null) {
            if (waiting.deadline != null) {
                waiting.deadline.cancel(false);
            }
            waiting.result.completeExceptionally(error);
        }
    }

    private static int intOr(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
