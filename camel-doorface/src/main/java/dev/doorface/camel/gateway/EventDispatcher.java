package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.doorface.camel.model.TerminalEvent;

/**
 * Hands each event to every sink that wants its kind, on worker threads, and tells how it went.
 */
final class EventDispatcher {

    enum Outcome {
        /** Every interested sink handled it. */
        HANDLED,
        /** At least one interested sink failed. */
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
                .map(sink -> CompletableFuture.supplyAsync(() -> sink.deliver(event, remoteAddress), worker)
                        .thenCompose(f -> f))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(deliveries).handle((v, e) -> e == null ? Outcome.HANDLED : Outcome.FAILED);
    }
}
