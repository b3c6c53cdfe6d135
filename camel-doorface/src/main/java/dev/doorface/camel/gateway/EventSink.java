package dev.doorface.camel.gateway;

import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.model.TerminalEvent;

/**
 * Where a gateway hands terminal events: a consumer, in practice.
 */
public interface EventSink {

    /** Whether this sink wants events of this kind. */
    boolean accepts(EventKind kind);

    /**
     * Processes one event. Called off the event loop unless {@link #deliversWithoutBlocking()}; may complete on any
     * thread.
     *
     * @return completes normally when the event was handled, exceptionally when handling failed
     */
    CompletableFuture<Void> deliver(TerminalEvent event, String remoteAddress);

    /**
     * Whether {@link #deliver} never blocks: it collects the event and hands work to the worker pool itself (a
     * batching consumer), or runs a route that never blocks (blocking=false). It is then called on whatever thread
     * dispatches, an event loop included, without a hop to a worker.
     */
    default boolean deliversWithoutBlocking() {
        return false;
    }

    /**
     * The gateway is stopping and waits for the events in progress to be answered: a sink holding events back (a
     * batching consumer) hands them over now and holds none back from now on.
     */
    default void gatewayQuiescing() {
    }
}
