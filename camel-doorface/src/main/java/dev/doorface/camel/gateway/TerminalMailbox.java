package dev.doorface.camel.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.protocol.Answer;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The commands waiting for one terminal. The protocol is synchronous, so one command is in flight at a time and the
 * others wait in order. Confined to the connection's event loop: no locks.
 */
final class TerminalMailbox {

    private static final class Pending {
        final String sn;
        final OutboundCommand command;
        final CompletableFuture<Answer> result;
        long timer = -1;

        Pending(String sn, OutboundCommand command, CompletableFuture<Answer> result) {
            this.sn = sn;
            this.command = command;
            this.result = result;
        }
    }

    private final Vertx vertx;
    private final Function<ByteBuf, Future<Void>> writer;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private boolean closed;

    TerminalMailbox(Vertx vertx, Function<ByteBuf, Future<Void>> writer) {
        this.vertx = vertx;
        this.writer = writer;
    }

    void offer(String sn, OutboundCommand command, CompletableFuture<Answer> result) {
        Pending pending = new Pending(sn, command, result);
        if (closed) {
            result.completeExceptionally(new TerminalDisconnectedException(sn, command.commandId()));
            return;
        }
        pending.timer = vertx.setTimer(Math.max(1, command.timeoutMillis()), id -> expire(pending));
        queue.add(pending);
        pump();
    }

    /** Completes the command this answer is for; false when none waits for it (unknown or late). */
    boolean onAnswer(Answer answer) {
        Pending pending = inFlight;
        if (pending == null || !pending.command.commandId().equals(answer.commandId())) {
            return false;
        }
        inFlight = null;
        vertx.cancelTimer(pending.timer);
        pending.result.complete(answer);
        pump();
        return true;
    }

    /** Fails everything still waiting: the connection is gone. */
    void close() {
        closed = true;
        if (inFlight != null) {
            fail(inFlight);
            inFlight = null;
        }
        Pending pending;
        while ((pending = queue.poll()) != null) {
            fail(pending);
        }
    }

    int size() {
        return queue.size() + (inFlight == null ? 0 : 1);
    }

    private void pump() {
        if (inFlight != null || closed) {
            return;
        }
        Pending next = queue.poll();
        if (next == null) {
            return;
        }
        inFlight = next;
        writer.apply(next.command.frame()).onFailure(e -> {
            if (inFlight == next) {
                inFlight = null;
                fail(next);
                pump();
            }
        });
    }

    private void expire(Pending pending) {
        if (inFlight == pending) {
            inFlight = null;
        } else if (!queue.remove(pending)) {
            return;
        }
        pending.result.completeExceptionally(
                new CommandTimeoutException(pending.sn, pending.command.commandId(), pending.command.timeoutMillis()));
        pump();
    }

    private void fail(Pending pending) {
        vertx.cancelTimer(pending.timer);
        pending.result.completeExceptionally(new TerminalDisconnectedException(pending.sn, pending.command.commandId()));
    }
}
