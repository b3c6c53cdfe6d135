package dev.doorface.camel.gateway;

import java.util.ArrayList;
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
        for (EventSink sink : sinks) {
            if (sink.accepts(event.kind())) {
                return true;
            }
        }
        return false;
    }

    // loops, not streams: this runs for every event
    CompletableFuture<Outcome> dispatch(TerminalEvent event, String remoteAddress, Executor worker) {
        CompletableFuture<Void> first = null;
        List<CompletableFuture<Void>> all = null;
        for (EventSink sink : sinks) {
            if (!sink.accepts(event.kind())) {
                continue;
            }
            CompletableFuture<Void> delivery = sink.deliversWithoutBlocking()
                    ? deliverHere(sink, event, remoteAddress)
                    : Offload.compose(worker, () -> sink.deliver(event, remoteAddress));
            if (first == null) {
                first = delivery;
            } else {
                if (all == null) {
                    all = new ArrayList<>();
                    all.add(first);
                }
                all.add(delivery);
            }
        }
        if (first == null) {
            return CompletableFuture.completedFuture(Outcome.UNHANDLED);
        }
        CompletableFuture<?> done = all == null ? first : CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        return done.handle((v, e) -> {
            if (e == null) {
                return Outcome.HANDLED;
            }
            LOG.debug("{} event of {} failed: {}", event.kind(), event.sn(), e.toString());
            return Outcome.FAILED;
        });
    }

    /**
     * A sink that never blocks (a batching consumer, a route with blocking=false) takes the event on the dispatching
     * thread, the event loop included: no hand-over.
     */
    private static CompletableFuture<Void> deliverHere(EventSink sink, TerminalEvent event, String remoteAddress) {
        try {
            return sink.deliver(event, remoteAddress);
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
