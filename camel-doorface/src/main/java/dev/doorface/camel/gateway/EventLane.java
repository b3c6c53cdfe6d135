package dev.doorface.camel.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The events of one terminal (one sn), handed to routes one after another in the order they were appended, across
 * its connections: the DISCONNECTED of a connection that ended reaches routes before the REGISTERED of the next one,
 * and the events a replaced connection was still handling before those of the newer one.
 */
final class EventLane {

    /** Where every new lane starts: shared, as a completed future is never changed by its dependents. */
    private static final CompletableFuture<?> EMPTY = CompletableFuture.completedFuture(null);

    private CompletableFuture<?> tail = EMPTY;
    private int pending;

    /**
     * Appends a task; it starts when every task appended before it has finished (whatever their outcome), at once on
     * the caller's thread when the lane is idle (the usual case: a terminal has one report in flight at a time).
     *
     * @return the task's own outcome
     */
    <T> CompletableFuture<T> append(Supplier<CompletableFuture<T>> task) {
        return append(task, null);
    }

    /**
     * Appends a task that also waits for a gate: for a caller appending inside an atomic step (a map's compute),
     * where the task must not run yet; it opens the gate once the step is over.
     */
    <T> CompletableFuture<T> append(Supplier<CompletableFuture<T>> task, CompletableFuture<Void> gate) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (this) {
            pending++;
            previous = tail;
            tail = result;
        }
        CompletableFuture<?> before = gate == null ? previous : CompletableFuture.allOf(previous, gate);
        if (before.isDone()) {
            start(task, result);
        } else {
            before.whenComplete((v, e) -> start(task, result));
        }
        return result;
    }

    private <T> void start(Supplier<CompletableFuture<T>> task, CompletableFuture<T> result) {
        CompletableFuture<T> outcome;
        try {
            outcome = task.get();
        } catch (Throwable e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((value, error) -> {
            // the count drops before the caller's own continuations run, so they see the lane as it is
            finished();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }

    private synchronized void finished() {
        pending--;
    }

    /** True when no task waits or runs. */
    synchronized boolean idle() {
        return pending == 0;
    }

    /** Completes when every task appended so far has finished. */
    synchronized CompletableFuture<Void> drained() {
        return tail.handle((v, e) -> null);
    }
}
