package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.doorface.camel.model.TerminalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every sink that wants its kind, on worker threads, and tells how it went.
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

    boolean wants(TerminalEvent event) {
        return sinks.stream().anyMatch(s -> s.accepts(event.kind()));
    }

    CompletableFuture<Outcome> dispatch(TerminalEvent event, String remoteAddress, Executor worker) {
        List<EventSink> targets = sinks.stream().filter(s -> s.accepts(event.kind())).toList();
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.UNHANDLED);
        }
        CompletableFuture<?>[] deliveries = targets.stream()
                .map(sink -> Offload.compose(worker, () -> sink.deliver(event, remoteAddress)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(deliveries).handle((v, e) -> {
            if (e == null) {
                return Outcome.HANDLED;
            }
            LOG.debug("{} event of {} failed: {}", event.kind(), event.sn(), e.toString());
            return Outcome.FAILED;
        });
    }
}
