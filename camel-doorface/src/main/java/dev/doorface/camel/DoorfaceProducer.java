package dev.doorface.camel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.gateway.CommandIds;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.gateway.SharedContent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.AnswerReader;
import dev.doorface.camel.protocol.CommandContent;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends a command to a terminal and completes the exchange with its answer, asynchronously: no thread waits while the
 * terminal works. The answer arrives on the event loop and the exchange continues on a worker thread.
 */
public class DoorfaceProducer extends DefaultAsyncProducer {

    /** The deviceSn that addresses every registered terminal. */
    public static final String ALL_TERMINALS = "*";

    private DoorfaceGateway gateway;

    public DoorfaceProducer(DoorfaceEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public DoorfaceEndpoint getEndpoint() {
        return (DoorfaceEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        DoorfaceConfiguration config = getEndpoint().getConfiguration();
        Message in = exchange.getMessage();
        String sn = in.getHeader(DoorfaceConstants.DEVICE_SN, config.getDeviceSn(), String.class);
        DoorfaceOperation operation;
        ObjectNode content;
        try {
            operation = in.getHeader(DoorfaceConstants.OPERATION, config.getOperation(), DoorfaceOperation.class);
            if (operation == null) {
                throw new InvalidCommandException(sn, "No operation: set the operation option or the "
                                                      + DoorfaceConstants.OPERATION + " header");
            }
            if (sn == null || sn.isBlank()) {
                throw new InvalidCommandException(null, "No terminal: set the deviceSn option or the "
                                                        + DoorfaceConstants.DEVICE_SN + " header");
            }
            content = CommandContent.build(sn, operation, in.getBody(),
                    in.getHeader(DoorfaceConstants.USER_ID, String.class),
                    in.getHeader(DoorfaceConstants.EVENT_ID, String.class));
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        // written once: a broadcast sends the same bytes, photo included, to every terminal
        SharedContent shared = content == null ? null : SharedContent.of(content);
        if (ALL_TERMINALS.equals(sn)) {
            broadcast(exchange, operation, shared, callback);
        } else {
            OutboundCommand command = command(operation, shared);
            gateway.router().send(sn, command).whenCompleteAsync((answer, error) -> {
                try {
                    if (error != null) {
                        exchange.setException(unwrap(error));
                    } else {
                        Object result = withoutPhotosUnlessAsked(AnswerReader.read(operation, sn, answer));
                        in.setHeader(DoorfaceConstants.COMMAND_ID, command.commandId());
                        in.setHeader(DoorfaceConstants.RESULT_CODE, answer.code());
                        in.setBody(result);
                    }
                } catch (Exception e) {
                    exchange.setException(e);
                } finally {
                    callback.done(false);
                }
            }, gateway.worker());
        }
        return false;
    }

    private void broadcast(Exchange exchange, DoorfaceOperation operation, SharedContent shared,
                           AsyncCallback callback) {
        List<CompletableFuture<TerminalResult>> results = new ArrayList<>();
        for (String sn : gateway.router().terminals()) {
            results.add(gateway.router().send(sn, command(operation, shared))
                    .handle((answer, error) -> outcome(operation, sn, answer, error)));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, e) -> {
            List<TerminalResult> list = new ArrayList<>(results.size());
            results.forEach(r -> list.add(r.join()));
            list.sort(Comparator.comparing(TerminalResult::sn));
            exchange.getMessage().setBody(list);
            callback.done(false);
        }, gateway.worker());
    }

    /** selectUser results keep photos only with includePhotos (a streamed answer never read them then). */
    private Object withoutPhotosUnlessAsked(Object result) {
        if (getEndpoint().getConfiguration().isIncludePhotos() || !(result instanceof List<?> list)) {
            return result;
        }
        return list.stream().map(u -> u instanceof DoorUser user ? user.withoutPhoto() : u).toList();
    }

    private TerminalResult outcome(DoorfaceOperation operation, String sn, Answer answer, Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            String code = cause instanceof TerminalErrorException terminal ? terminal.getCode() : null;
            return new TerminalResult(sn, false, code, cause.getMessage(), null);
        }
        try {
            return new TerminalResult(sn, true, answer.code(), "",
                    withoutPhotosUnlessAsked(AnswerReader.read(operation, sn, answer)));
        } catch (TerminalErrorException e) {
            return new TerminalResult(sn, false, e.getCode(), e.getTerminalMessage(), null);
        }
    }

    private OutboundCommand command(DoorfaceOperation operation, SharedContent shared) {
        return new OutboundCommand(CommandIds.next(), operation.name(), shared,
                getEndpoint().getConfiguration().getRequestTimeout(),
                getEndpoint().getConfiguration().isIncludePhotos());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof Exception ? cause : new RuntimeCamelException(cause);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        gateway = getEndpoint().acquireGateway();
    }

    @Override
    protected void doStop() throws Exception {
        if (gateway != null) {
            getEndpoint().releaseGateway(gateway);
            gateway = null;
        }
        super.doStop();
    }
}
