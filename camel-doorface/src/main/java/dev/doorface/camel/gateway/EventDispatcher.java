package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.doorface.camel.model.TerminalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every sink that wants its kind, on worker threads (a sink that hands work to the pool itself
 * is called directly), and tells how it went.
 */
final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    enum Outcome {
        /** Every interested sink handled it. */
        HANDLED,
        /** At least one interested sink failed, or the event could not be handed to a worker. */
        FAILED,
        /** No sink wants this kind: nobody took responsibility for it. */
        UNHANDLED
    }

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

    void add(EventSink sink) {
        sinks.add(sink);
    }

    void remove(EventSink sink) {
        sinks.remove(sink);
    }

    /** The gateway is stopping: sinks holding events back let them go. */
    void quiescing() {
        for (EventSink sink : sinks) {
            try {
                sink.gatewayQuiescing();
            } catch (RuntimeException e) {
                LOG.warn("Sink {} failed to hand over the events it holds: {}", sink, e.toString());
            }
        }
    }

    boolean wants(TerminalEvent event) {
        return sinks.stream().anyMatch(s -> s.accepts(event.kind()));
    }

    CompletableFuture<Outcome> dispatch(TerminalEvent event, String remoteAddress, Executor worker) {
        List<EventSink> targets = sinks.stream().filter(s -> s.accepts(event.kind())).toList();
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.UNHANDLED);
        }
        CompletableFuture<?>[] deliveries = targets.stream()
                .map(sink -> sink.deliversWithoutBlocking()
                        ? direct(sink, event, remoteAddress)
                        : Offload.compose(worker, () -> sink.deliver(event, remoteAddress)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(deliveries).handle((v, e) -> {
            if (e == null) {
                return Outcome.HANDLED;
            }
            LOG.debug("{} event of {} failed: {}", event.kind(), event.sn(), e.toString());
            return Outcome.FAILED;
        });
    }

    /** A sink that hands work to the pool itself (a batching consumer) is called here, on the dispatching thread. */
    private static CompletableFuture<Void> direct(EventSink sink, TerminalEvent event, String remoteAddress) {
        try {
            return sink.deliver(event, remoteAddress);
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
