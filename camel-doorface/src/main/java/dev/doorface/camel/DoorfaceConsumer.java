package dev.doorface.camel;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.EventBatcher;
import dev.doorface.camel.gateway.EventSink;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.camel.model.UserAddedEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns terminal events into exchanges. The gateway answers the terminal from the outcome: 200 when the route
 * completed, 500 when it failed. Suspendable, so that a graceful stop of its route first stops taking events, lets
 * those in the route complete (and be answered) and only then gives its share of the gateway back.
 *
 * <p>With batchSize over 1 the events are collected into batches ({@link EventBatcher}) on the thread that dispatches
 * them, without a hop each, and every batch runs as one exchange on a worker thread.
 */
public class DoorfaceConsumer extends DefaultConsumer implements EventSink, Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(DoorfaceConsumer.class);

    private final Set<EventKind> kinds;
    private final int batchSize;
    private final long batchTimeout;
    private final int concurrentBatches;
    private final boolean blocking;
    private DoorfaceGateway gateway;
    /** Collects events into batches while started, when batchSize is over 1. */
    private volatile EventBatcher batcher;

    public DoorfaceConsumer(DoorfaceEndpoint endpoint, Processor processor, Set<EventKind> kinds) {
        super(endpoint, processor);
        this.kinds = kinds;
        this.batchSize = endpoint.getConfiguration().getBatchSize();
        this.batchTimeout = endpoint.getConfiguration().getBatchTimeout();
        this.concurrentBatches = endpoint.getConfiguration().getConcurrentBatches();
        this.blocking = endpoint.getConfiguration().isBlocking();
    }

    @Override
    public DoorfaceEndpoint getEndpoint() {
        return (DoorfaceEndpoint) super.getEndpoint();
    }

    /** The gateway this consumer listens on, while started. */
    public DoorfaceGateway getGateway() {
        return gateway;
    }

    @Override
    public boolean accepts(EventKind kind) {
        return isRunAllowed() && !isSuspendingOrSuspended() && kinds.contains(kind);
    }

    @Override
    public boolean deliversWithoutBlocking() {
        // a batch goes to the pool by itself; blocking=false runs the route right here, on the event loop
        return batchSize > 1 || !blocking;
    }

    @Override
    public CompletableFuture<Void> deliver(TerminalEvent event, String remoteAddress) {
        EventBatcher collecting = batcher;
        if (batchSize > 1) {
            return collecting != null
                    ? collecting.add(event)
                    : CompletableFuture.failedFuture(new RejectedExecutionException("the consumer is not started"));
        }
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setBody(event);
        message.setHeader(DoorfaceConstants.DEVICE_SN, event.sn());
        message.setHeader(DoorfaceConstants.EVENT_KIND, event.kind().name());
        message.setHeader(DoorfaceConstants.REMOTE_ADDRESS, remoteAddress);
        if (event instanceof AccessEvent access) {
            message.setHeader(DoorfaceConstants.EVENT_ID, access.eventId());
            message.setHeader(DoorfaceConstants.USER_ID, access.userId());
            message.setHeader(DoorfaceConstants.DOOR, access.door());
        } else if (event instanceof UserAddedEvent added) {
            message.setHeader(DoorfaceConstants.EVENT_ID, added.eventId());
            message.setHeader(DoorfaceConstants.USER_ID, added.user().userId());
        } else if (event instanceof CommandResultEvent result) {
            message.setHeader(DoorfaceConstants.COMMAND_ID, result.commandId());
            message.setHeader(DoorfaceConstants.USER_ID, result.userId());
        }
        return process(exchange);
    }

    /** A batch, on a worker thread: one exchange whose body is the list of its events. */
    private CompletableFuture<BitSet> deliverBatch(List<TerminalEvent> events) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setBody(events);
        message.setHeader(DoorfaceConstants.BATCH_SIZE, events.size());
        return process(exchange, completed -> FailedEvents.of(
                completed.getMessage().getHeader(DoorfaceConstants.FAILED_EVENTS), events));
    }

    private CompletableFuture<Void> process(Exchange exchange) {
        return process(exchange, completed -> null);
    }

    /** Runs the exchange; once it completed, outcome reads what the result is (before the exchange is released). */
    private <T> CompletableFuture<T> process(Exchange exchange, Function<Exchange, T> outcome) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            getAsyncProcessor().process(exchange, doneSync -> {
                Exception failure = exchange.getException();
                T result = null;
                if (failure == null) {
                    try {
                        result = outcome.apply(exchange);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                releaseExchange(exchange, false);
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(result);
                }
            });
        } catch (RuntimeException e) {
            releaseExchange(exchange, false);
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        gateway = getEndpoint().acquireGateway();
        if (batchSize > 1) {
            DoorfaceGateway shared = gateway;
            batcher = new EventBatcher(batchSize, batchTimeout, concurrentBatches, shared::worker, shared::after,
                    this::deliverBatch);
        }
        gateway.addSink(this);
        if (getEndpoint().getComponent().isHealthCheckConsumerEnabled()) {
            setHealthCheck(new DoorfaceConsumerHealthCheck(this, getRouteId()));
        }
    }

    @Override
    protected void doStop() throws Exception {
        finishBatches();
        batcher = null;
        if (gateway != null) {
            gateway.removeSink(this);
            getEndpoint().releaseGateway(gateway);
            gateway = null;
        }
        super.doStop();
    }

    @Override
    public void gatewayQuiescing() {
        EventBatcher collecting = batcher;
        if (collecting != null) {
            collecting.hurry();
        }
    }

    /** Events held in the batch being collected now (0 without batching): tests, health. */
    public int getHeldEvents() {
        EventBatcher collecting = batcher;
        return collecting == null ? 0 : collecting.held();
    }

    @Override
    protected void doSuspend() throws Exception {
        finishBatches();
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        super.doResume();
        EventBatcher collecting = batcher;
        if (collecting != null) {
            collecting.reopen();
        }
    }

    /**
     * Stopping or suspending with a batch held: it goes to the route now, and the batches in the route are waited for
     * (at most the shutdown timeout), so that no terminal is left unanswered; events arriving meanwhile are answered
     * 500 and sent again by their terminal.
     */
    private void finishBatches() throws InterruptedException {
        EventBatcher collecting = batcher;
        if (collecting == null) {
            return;
        }
        ShutdownStrategy shutdown = getEndpoint().getCamelContext().getShutdownStrategy();
        long timeoutMillis = shutdown.getTimeUnit().toMillis(shutdown.getTimeout());
        try {
            collecting.close().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Batches of events still in route {} after {} ms", getRouteId(), timeoutMillis);
        }
    }
}
