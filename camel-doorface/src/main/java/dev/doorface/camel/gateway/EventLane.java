package dev.doorface.camel.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The events of one terminal (one sn), handed to routes one after another in the order they were appended, across
 * its connections: the DISCONNECTED of a connection that ended reaches routes before the REGISTERED of the next one,
 * and the events a replaced connection was still handling before those of the newer one.
 */
final class EventLane {

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private int pending;

    /**
     * Appends a task; it starts when every task appended before it has finished (whatever their outcome).
     *
     * @return the task's own outcome
     */
    synchronized <T> CompletableFuture<T> append(Supplier<CompletableFuture<T>> task) {
        pending++;
        // the count drops before the caller's own continuations run, so they see the lane as it is
        CompletableFuture<T> result = tail.handle((v, e) -> null).thenCompose(v -> run(task))
                .whenComplete((v, e) -> finished());
        tail = result;
        return result;
    }

    private static <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> task) {
        try {
            return task.get();
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
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
