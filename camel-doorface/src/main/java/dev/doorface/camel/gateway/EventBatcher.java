package dev.doorface.camel.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import dev.doorface.camel.model.TerminalEvent;

/**
 * Groups events into batches and hands each batch to the worker pool once, so that a route can store many events in
 * one transaction (group commit) and no event pays a thread hop of its own.
 *
 * <p>A batch opens with its first event and is closed when it holds batchSize events or when a worker thread takes it
 * up, whichever comes first. It is handed to the pool when it is full or batchTimeout milliseconds after its first
 * event (at once when batchTimeout is 0); events that arrive while it waits for a free worker still join it, up to
 * batchSize. Every event of a batch gets the batch's outcome: done when its handler completed, failed when it failed
 * or could not be handed to the pool; the handler may also name events that alone failed.
 *
 * <p>With concurrentBatches over 0, at most that many batches are in the handler at once. A batch that is due while
 * they are waits, still taking events up to batchSize, and goes to the pool when one of them finishes: batches grow
 * when the handler is the bottleneck (more events per transaction) and stay small while it keeps up (group commit
 * without a fixed wait).
 *
 * <p>{@link #add} is called on event loops and on threads completing earlier batches: it never waits for anything but
 * a lock held for a few field writes, and never runs the handler itself. Memory stays bounded: a batch never exceeds
 * batchSize, and the batches waiting are bounded by the events waiting, each terminal having at most one in flight.
 */
public final class EventBatcher {

    private final int batchSize;
    private final long batchTimeoutMillis;
    private final int concurrentBatches;
    private final Supplier<Executor> worker;
    private final LongFunction<CompletableFuture<Void>> timer;
    private final Function<List<TerminalEvent>, CompletableFuture<BitSet>> handler;
    private final Object lock = new Object();
    /** Batches handed over (or being handed over) and not yet finished. */
    private final Set<Batch> inProgress = ConcurrentHashMap.newKeySet();
    /** The batch taking events, or null; guarded by lock. */
    private Batch open;
    /** Guarded by lock: once closed, events are refused until {@link #reopen}. */
    private boolean closed;
    /** Guarded by lock: the gateway is stopping, batches go to the pool without waiting. */
    private boolean hurried;
    /** Guarded by lock: batches handed to the pool and not finished. */
    private int running;
    /** Guarded by lock: batches due while concurrentBatches were running, in the order they became due. */
    private final ArrayDeque<Batch> due = new ArrayDeque<>(4);

    /** A batcher without a bound on the batches in the handler at once. */
    public EventBatcher(int batchSize, long batchTimeoutMillis, Supplier<Executor> worker,
                        LongFunction<CompletableFuture<Void>> timer,
                        Function<List<TerminalEvent>, CompletableFuture<BitSet>> handler) {
        this(batchSize, batchTimeoutMillis, 0, worker, timer, handler);
    }

    /**
     * @param concurrentBatches most batches in the handler at once; 0 for no bound
     * @param worker  the pool batches run on (read at each hand-over)
     * @param timer   completes after the given milliseconds, holding no thread
     * @param handler processes one batch (on a worker thread); its future tells the batch's outcome: failed for every
     *                event, or the indexes of the events that alone failed (null or empty when none did)
     */
    public EventBatcher(int batchSize, long batchTimeoutMillis, int concurrentBatches, Supplier<Executor> worker,
                        LongFunction<CompletableFuture<Void>> timer,
                        Function<List<TerminalEvent>, CompletableFuture<BitSet>> handler) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (batchTimeoutMillis < 0) {
            throw new IllegalArgumentException("batchTimeout must be 0 or more milliseconds, was " + batchTimeoutMillis);
        }
        if (concurrentBatches < 0) {
            throw new IllegalArgumentException("concurrentBatches must be 0 (no bound) or more, was " + concurrentBatches);
        }
        this.concurrentBatches = concurrentBatches;
        this.batchSize = batchSize;
        this.batchTimeoutMillis = batchTimeoutMillis;
        this.worker = worker;
        this.timer = timer;
        this.handler = handler;
    }

    /** One batch: its events in arrival order and their outcomes, index by index. */
    private final class Batch {
        final List<TerminalEvent> events = new ArrayList<>(Math.min(batchSize, 64));
        final List<CompletableFuture<Void>> outcomes = new ArrayList<>(Math.min(batchSize, 64));
        /** Guarded by lock: no event joins any more. */
        boolean sealed;
        /** Guarded by lock: due for the pool (handed over, being handed over or waiting for a running batch). */
        boolean isDue;
        /** Completes once every event of the batch has its outcome. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    /**
     * Adds an event to the open batch.
     *
     * @return completes when the event's batch was handled, exceptionally when it failed
     */
    public CompletableFuture<Void> add(TerminalEvent event) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        Batch batch;
        boolean first;
        boolean handOver = false;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new RejectedExecutionException("the consumer is stopping"));
            }
            first = open == null;
            if (first) {
                open = new Batch();
                inProgress.add(open);
            }
            batch = open;
            batch.events.add(event);
            batch.outcomes.add(outcome);
            if (batch.events.size() >= batchSize) {
                seal(batch);
                handOver = becomeDue(batch);
            } else if (first && (batchTimeoutMillis == 0 || hurried)) {
                // no wait: the batch takes what arrives until a worker thread picks it up
                handOver = becomeDue(batch);
            }
        }
        if (handOver) {
            handOver(batch);
        } else if (first) {
            startTimer(batch);
        }
        return outcome;
    }

    /**
     * Refuses new events from now on and hands the open batch, if any, to the pool at once.
     *
     * @return completes when every batch taken so far has finished
     */
    public CompletableFuture<Void> close() {
        handOverOpen(() -> closed = true);
        return CompletableFuture.allOf(inProgress.stream().map(b -> b.done).toArray(CompletableFuture[]::new));
    }

    /**
     * The gateway is stopping and waits for the reports in progress to be answered: the open batch goes to the pool
     * now, and from now on every batch without waiting for batchTimeout. Events are still taken (the DISCONNECTED
     * events of the closing connections among them).
     */
    public void hurry() {
        handOverOpen(() -> hurried = true);
    }

    /** Changes the state under the lock, then hands the open batch to the pool unless it has been already. */
    private void handOverOpen(Runnable change) {
        Batch batch;
        boolean handOver;
        synchronized (lock) {
            change.run();
            batch = open;
            handOver = batch != null && becomeDue(batch);
        }
        if (handOver) {
            handOver(batch);
        }
    }

    /**
     * Guarded by lock: the batch is due (its timer elapsed, it is full, or the consumer closes or hurries). True for
     * the one caller that is to hand it over now; false when it was due already, or when it waits for a running batch
     * to finish ({@link #finish} hands it over then).
     */
    private boolean becomeDue(Batch batch) {
        if (batch.isDue) {
            return false;
        }
        batch.isDue = true;
        if (concurrentBatches > 0 && running >= concurrentBatches) {
            due.add(batch);
            return false;
        }
        running++;
        return true;
    }

    /** Takes events again after {@link #close}. */
    public void reopen() {
        synchronized (lock) {
            closed = false;
        }
    }

    /** Events held in the open batch now (tests, health). */
    public int held() {
        synchronized (lock) {
            return open == null ? 0 : open.events.size();
        }
    }

    private void startTimer(Batch batch) {
        CompletableFuture<Void> elapsed;
        try {
            elapsed = timer.apply(batchTimeoutMillis);
        } catch (RuntimeException e) {
            elapsed = CompletableFuture.completedFuture(null); // no timer to be had: hand it over now
        }
        elapsed.whenComplete((v, e) -> {
            boolean handOver;
            synchronized (lock) {
                handOver = becomeDue(batch);
            }
            if (handOver) {
                handOver(batch);
            }
        });
    }

    /** Guarded by lock. */
    private void seal(Batch batch) {
        batch.sealed = true;
        if (open == batch) {
            open = null;
        }
    }

    private void handOver(Batch batch) {
        Executor pool;
        try {
            pool = worker.get();
        } catch (RuntimeException e) {
            pool = null;
        }
        Executor target = pool;
        Offload.compose(target, () -> {
            synchronized (lock) {
                seal(batch);
            }
            // sealed under the lock: the lists are complete and no longer written
            return handler.apply(Collections.unmodifiableList(batch.events));
        }).whenComplete((failed, error) -> finish(batch, failed, error));
    }

    private void finish(Batch batch, BitSet failed, Throwable error) {
        Batch next;
        synchronized (lock) {
            seal(batch); // when the hand-over failed, the batch may still be open
            running--;
            next = due.poll();
            if (next != null) {
                running++;
            }
        }
        if (next != null) {
            handOver(next); // first, so that the handler is busy again while these terminals are answered
        }
        for (int i = 0; i < batch.outcomes.size(); i++) {
            CompletableFuture<Void> outcome = batch.outcomes.get(i);
            if (error != null) {
                outcome.completeExceptionally(error);
            } else if (failed != null && failed.get(i)) {
                outcome.completeExceptionally(new EventFailedInBatchException(i));
            } else {
                outcome.complete(null);
            }
        }
        batch.done.complete(null);
        inProgress.remove(batch);
    }

    /** The batch's handler completed but named this event as not handled. */
    static final class EventFailedInBatchException extends RuntimeException {
        EventFailedInBatchException(int index) {
            super("event " + index + " of its batch was not handled by the route", null, false, false);
        }
    }
}
