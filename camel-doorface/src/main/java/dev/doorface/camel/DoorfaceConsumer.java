package dev.doorface.camel;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.gateway.DoorfaceGateway;
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
import org.apache.camel.support.DefaultConsumer;

/**
 * Turns terminal events into exchanges. The gateway answers the terminal from the outcome: 200 when the route
 * completed, 500 when it failed. Suspendable, so that a graceful stop of its route first stops taking events, lets
 * those in the route complete (and be answered) and only then gives its share of the gateway back.
 */
public class DoorfaceConsumer extends DefaultConsumer implements EventSink, Suspendable {

    private final Set<EventKind> kinds;
    private DoorfaceGateway gateway;

    public DoorfaceConsumer(DoorfaceEndpoint endpoint, Processor processor, Set<EventKind> kinds) {
        super(endpoint, processor);
        this.kinds = kinds;
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
    public boolean blocking() {
        return getEndpoint().getConfiguration().isBlocking();
    }

    @Override
    public CompletableFuture<Void> deliver(TerminalEvent event, String remoteAddress) {
        CompletableFuture<Void> done = new CompletableFuture<>();
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
        try {
            getAsyncProcessor().process(exchange, doneSync -> {
                Exception failure = exchange.getException();
                releaseExchange(exchange, false);
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(null);
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
        gateway.addSink(this);
        if (getEndpoint().getComponent().isHealthCheckConsumerEnabled()) {
            setHealthCheck(new DoorfaceConsumerHealthCheck(this, getRouteId()));
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (gateway != null) {
            gateway.removeSink(this);
            getEndpoint().releaseGateway(gateway);
            gateway = null;
        }
        super.doStop();
    }
}
