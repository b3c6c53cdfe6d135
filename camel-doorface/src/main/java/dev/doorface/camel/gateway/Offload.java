package dev.doorface.camel.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Hands work to a pool so that every failure, including one of the hand-over itself (a full queue, no thread can be
 * created), ends as a failed future. A {@code CompletableFuture.*Async} stage whose executor throws is never
 * completed, which would leave a terminal's session waiting forever.
 */
final class Offload {

    private Offload() {
    }

    /** Runs the task on the executor; its future's outcome, or any Throwable, completes the result. */
    static <T> CompletableFuture<T> compose(Executor executor, Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    task.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Runs a plain computation on the executor. */
    static <T> CompletableFuture<T> supply(Executor executor, Supplier<T> task) {
        return compose(executor, () -> CompletableFuture.completedFuture(task.get()));
    }
}
