package dev.doorface.camel.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.metrics.CommandOutcome;
import dev.doorface.camel.metrics.GatewayMetrics;
import dev.doorface.camel.protocol.AnswerReader;
import dev.doorface.camel.protocol.Answer;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;

/**
 * The commands waiting for one terminal, kept across its connections. The protocol is synchronous, so one command is
 * in flight at a time and the others wait in order. When a newer connection of the terminal takes over, the waiting
 * commands go to it; the one in flight on the older connection fails, as its answer can no longer arrive. With
 * queueing on, a new connection starts held: only stored commands (see {@link CommandQueue}) are written until the
 * queue releases it, so a terminal's queued commands go before the direct ones sent after it came back. Called from
 * producers and from the event loops of the terminal's connections: every method is synchronized.
 */
final class TerminalMailbox {

    private static final class Pending {
        final OutboundCommand command;
        final CompletableFuture<Answer> result;
        /** A stored (queued) command: goes before direct ones while the mailbox is held. */
        final boolean stored;
        final GatewayMetrics.CommandMeters meters;
        long timer = -1;
        /** When it was written, while round trips are measured; else 0. */
        long writtenNanos;

        Pending(OutboundCommand command, CompletableFuture<Answer> result, boolean stored,
                GatewayMetrics.CommandMeters meters) {
            this.command = command;
            this.result = result;
            this.stored = stored;
            this.meters = meters;
        }
    }

    private final Vertx vertx;
    private final String sn;
    private final GatewayMetrics metrics;
    /** Mostly empty: sized small, it grows when commands wait (ten thousand terminals each hold one). */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(2);
    private Pending inFlight;
    private TerminalSession session;
    /** Whether a new connection waits for its stored commands before direct ones (queueing is on). */
    private final BooleanSupplier holdOnAttach;
    /** While held, only stored commands are written: the terminal's queue is being delivered. */
    private boolean held;
    /** queue + in flight, kept by every change so that the dev console and health read it without the lock. */
    private volatile int waiting;

    TerminalMailbox(Vertx vertx, String sn, BooleanSupplier holdOnAttach, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.sn = sn;
        this.holdOnAttach = holdOnAttach;
        this.metrics = metrics;
    }

    synchronized void offer(OutboundCommand command, CompletableFuture<Answer> result) {
        offer(command, result, false);
    }

    /** Offers a command; a stored one goes before the direct ones while the mailbox is held. */
    synchronized void offer(OutboundCommand command, CompletableFuture<Answer> result, boolean stored) {
        GatewayMetrics.CommandMeters meters = metrics.command(command.operation());
        if (session == null) {
            metrics.commandEnded(meters, CommandOutcome.NOT_CONNECTED);
            result.completeExceptionally(new TerminalNotConnectedException(sn));
            return;
        }
        Pending pending = new Pending(command, result, stored, meters);
        pending.timer = session.setTimer(Math.max(1, command.timeoutMillis()), id -> expire(pending));
        queue.add(pending);
        pump();
        recount();
    }

    /** Completes the command this answer is for; false when none waits for it here (unknown, late, other link). */
    synchronized boolean onAnswer(TerminalSession from, Answer answer) {
        Pending pending = inFlight;
        if (from != session || pending == null || !pending.command.commandId().equals(answer.commandId())) {
            return false;
        }
        inFlight = null;
        vertx.cancelTimer(pending.timer);
        metrics.commandEnded(pending.meters, AnswerReader.isSuccess(pending.command.operation(), answer.code())
                ? CommandOutcome.OK : CommandOutcome.TERMINAL_ERROR);
        if (pending.writtenNanos != 0) {
            metrics.commandAnswered(pending.meters, System.nanoTime() - pending.writtenNanos);
        }
        pending.result.complete(answer);
        pump();
        recount();
        return true;
    }

    /** A connection now holds the terminal: waiting commands go to it once {@link #release()} is called. */
    synchronized void attach(TerminalSession newer) {
        if (inFlight != null && session != newer) {
            fail(inFlight);
            inFlight = null;
        }
        if (session != newer) {
            held = holdOnAttach.getAsBoolean();
        }
        session = newer;
        recount();
    }

    /** The terminal's stored commands are delivered: direct commands may go now. */
    synchronized void unhold() {
        held = false;
        pump();
    }

    /** The holding connection has been answered its registration: commands may be written to it. */
    synchronized void release() {
        pump();
    }

    /** The holding connection ended: everything still waiting fails (nobody can answer it). */
    synchronized void detach(TerminalSession older) {
        if (session != older) {
            return;
        }
        session = null;
        if (inFlight != null) {
            fail(inFlight);
            inFlight = null;
        }
        Pending pending;
        while ((pending = queue.poll()) != null) {
            fail(pending);
        }
        recount();
    }

    /** The command written to this connection and not yet answered, or null. */
    synchronized OutboundCommand inFlight(TerminalSession from) {
        return from == session && inFlight != null ? inFlight.command : null;
    }

    synchronized int size() {
        return queue.size() + (inFlight == null ? 0 : 1);
    }

    /** Commands waiting (queued and in flight) as of the last change, read without the lock. */
    int waiting() {
        return waiting;
    }

    private void recount() {
        waiting = queue.size() + (inFlight == null ? 0 : 1);
    }

    private void pump() {
        if (inFlight != null || session == null) {
            return;
        }
        Pending next = held ? pollStored() : queue.poll();
        if (next == null) {
            return;
        }
        inFlight = next;
        if (metrics.timed()) {
            next.writtenNanos = System.nanoTime();
        }
        session.write(next.command.frame()).onFailure(e -> writeFailed(next));
    }

    private Pending pollStored() {
        for (Pending pending : queue) {
            if (pending.stored) {
                queue.remove(pending);
                return pending;
            }
        }
        return null;
    }

    private synchronized void writeFailed(Pending pending) {
        if (inFlight == pending) {
            inFlight = null;
            fail(pending);
            pump();
            recount();
        }
    }

    private synchronized void expire(Pending pending) {
        if (inFlight == pending) {
            inFlight = null;
        } else if (!queue.remove(pending)) {
            return;
        }
        metrics.commandEnded(pending.meters, CommandOutcome.TIMEOUT);
        pending.result.completeExceptionally(
                new CommandTimeoutException(sn, pending.command.commandId(), pending.command.timeoutMillis()));
        pump();
        recount();
    }

    private void fail(Pending pending) {
        vertx.cancelTimer(pending.timer);
        metrics.commandEnded(pending.meters, CommandOutcome.DISCONNECTED);
        pending.result.completeExceptionally(new TerminalDisconnectedException(sn, pending.command.commandId()));
    }
}
