package dev.doorface.camel.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.CommandIds;
import dev.doorface.camel.gateway.CommandRouter;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.gateway.SharedContent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.ReconcileFailure;
import dev.doorface.camel.model.ReconcileResult;
import dev.doorface.camel.protocol.AnswerReader;
import dev.doorface.camel.protocol.CommandContent;
import dev.doorface.camel.protocol.FrameCodec;

/**
 * Brings one terminal's users in line with a desired list: reads every user the terminal holds (hashes only, no
 * photos), then sends the difference, deletes first (a full terminal has room for the adds only after them), then
 * edits, then adds. Commands go one after the other through the terminal's mailbox like any, at most {@code rate} per
 * second, so the terminal keeps time for its access events; the pauses are timers, no thread waits. A command the
 * terminal refuses is recorded in the result and the others go on; when the terminal goes away the rest is recorded
 * as not sent.
 */
public final class Reconciliation {

    private record Step(DoorfaceOperation operation, String userId, DoorUser user) {
    }

    private final String sn;
    private final List<DoorUser> desired;
    private final CommandRouter router;
    private final Executor worker;
    private final LongFunction<CompletableFuture<Void>> timer;
    private final long requestTimeout;
    private final long intervalNanos;

    private final CompletableFuture<ReconcileResult> result = new CompletableFuture<>();
    private final List<ReconcileFailure> failed = new ArrayList<>();
    private List<Step> steps;
    private int unchanged;
    private int added;
    private int edited;
    private int deleted;
    private long nextSendNanos;

    /**
     * @param timer completes after the given milliseconds without holding a thread
     * @param rate  commands per second at most; 0 or less: no pacing
     */
    public Reconciliation(String sn, List<DoorUser> desired, CommandRouter router, Executor worker,
                          LongFunction<CompletableFuture<Void>> timer, long requestTimeout, double rate) {
        this.sn = sn;
        this.desired = desired;
        this.router = router;
        this.worker = worker;
        this.timer = timer;
        this.requestTimeout = requestTimeout;
        this.intervalNanos = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
    }

    /**
     * Starts it.
     *
     * @return completes with the summary, or fails when the terminal's users could not be read (nothing was changed)
     */
    public CompletableFuture<ReconcileResult> run() {
        OutboundCommand select = new OutboundCommand(CommandIds.next(), DoorfaceOperation.selectUser.name(), null,
                requestTimeout, false);
        nextSendNanos = System.nanoTime() + intervalNanos;
        router.send(sn, select).whenCompleteAsync((answer, error) -> {
            try {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                    return;
                }
                @SuppressWarnings("unchecked")
                List<DoorUser> held = (List<DoorUser>) AnswerReader.read(DoorfaceOperation.selectUser, sn, answer);
                plan(UserDiff.between(held, desired));
                next(0);
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        }, worker);
        return result;
    }

    private void plan(UserDiff diff) {
        steps = new ArrayList<>(diff.deletes().size() + diff.edits().size() + diff.adds().size());
        diff.deletes().forEach(id -> steps.add(new Step(DoorfaceOperation.deleteUser, id, null)));
        diff.edits().forEach(u -> steps.add(new Step(DoorfaceOperation.editUser, u.userId(), u)));
        diff.adds().forEach(u -> steps.add(new Step(DoorfaceOperation.addUser, u.userId(), u)));
        unchanged = diff.unchanged();
    }

    /** Sends step i, after its pause; called on a worker thread, one step at a time. */
    private void next(int first) {
        for (int i = first; i < steps.size(); i++) {
            Step step = steps.get(i);
            SharedContent content;
            try {
                content = SharedContent.of(content(step));
            } catch (InvalidCommandException e) {
                // a desired user the terminal could not take (addUser needs all six fields): nothing sent for it
                failed.add(new ReconcileFailure(step.userId(), step.operation().name(), null, e.getMessage()));
                continue;
            }
            int index = i;
            long wait = Math.max(0, nextSendNanos - System.nanoTime()) / 1_000_000;
            timer.apply(wait).thenRunAsync(() -> send(index, step, content), worker).exceptionally(e -> {
                result.completeExceptionally(unwrap(e));
                return null;
            });
            return;
        }
        result.complete(new ReconcileResult(sn, added, edited, deleted, unchanged, failed));
    }

    private ObjectNode content(Step step) throws InvalidCommandException {
        if (step.operation() == DoorfaceOperation.deleteUser) {
            return FrameCodec.mapper().createObjectNode().put("userId", step.userId());
        }
        return CommandContent.build(sn, step.operation(), step.user(), null, null);
    }

    private void send(int index, Step step, SharedContent content) {
        nextSendNanos = System.nanoTime() + intervalNanos;
        OutboundCommand command = new OutboundCommand(CommandIds.next(), step.operation().name(), content,
                requestTimeout, false);
        router.send(sn, command).whenCompleteAsync((answer, error) -> {
            try {
                if (error == null) {
                    AnswerReader.read(step.operation(), sn, answer); // an error code throws
                    count(step.operation());
                    next(index + 1);
                    return;
                }
                Throwable cause = unwrap(error);
                failed.add(new ReconcileFailure(step.userId(), step.operation().name(), null, cause.getMessage()));
                if (cause instanceof TerminalNotConnectedException || cause instanceof TerminalDisconnectedException) {
                    notSent(index + 1, cause);
                } else {
                    next(index + 1);
                }
            } catch (TerminalErrorException e) {
                failed.add(new ReconcileFailure(step.userId(), step.operation().name(), e.getCode(),
                        e.getTerminalMessage()));
                next(index + 1);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, worker);
    }

    /** The terminal went away: the steps left are recorded as not sent, and the reconcile ends. */
    private void notSent(int from, Throwable cause) {
        for (Step step : steps.subList(from, steps.size())) {
            failed.add(new ReconcileFailure(step.userId(), step.operation().name(), null,
                    "not sent: " + cause.getMessage()));
        }
        result.complete(new ReconcileResult(sn, added, edited, deleted, unchanged, failed));
    }

    private void count(DoorfaceOperation operation) {
        switch (operation) {
            case addUser -> added++;
            case editUser -> edited++;
            case deleteUser -> deleted++;
            default -> throw new IllegalStateException("a reconcile sends no " + operation);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
