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
     * Whether {@link #deliver} may block: it is then called on a worker thread, otherwise on the event loop of the
     * terminal's connection.
     */
    default boolean blocking() {
        return true;
    }

    /**
     * Processes one event. Called on a worker thread, or on the event loop when not {@link #blocking()}; may
     * complete on any thread.
     *
     * @return completes normally when the event was handled, exceptionally when handling failed
     */
    CompletableFuture<Void> deliver(TerminalEvent event, String remoteAddress);
}
