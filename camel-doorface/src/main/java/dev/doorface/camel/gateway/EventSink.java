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
     * Processes one event. Called off the event loop; may complete on any thread.
     *
     * @return completes normally when the event was handled, exceptionally when handling failed
     */
    CompletableFuture<Void> deliver(TerminalEvent event, String remoteAddress);
}
