package dev.doorface.camel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.ReconcileRunningException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.CommandIds;
import dev.doorface.camel.gateway.CommandQueue;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.gateway.SharedContent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.QueuedCommandResult;
import dev.doorface.camel.model.ReconcileResult;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.AnswerReader;
import dev.doorface.camel.protocol.CommandContent;
import dev.doorface.camel.queue.QueuedCommand;
import dev.doorface.camel.reconcile.DesiredUsers;
import dev.doorface.camel.reconcile.Reconciliation;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends a command to a terminal and completes the exchange with its answer, asynchronously: no thread waits while the
 * terminal works. The answer arrives on the event loop and the exchange continues on a worker thread (on the event
 * loop itself with blocking=false, for commands to one terminal). With
 * whenOffline=queue a command for a terminal not connected is stored instead and the exchange completes at once.
 */
public class DoorfaceProducer extends DefaultAsyncProducer {

    /** The deviceSn that addresses every registered terminal. */
    public static final String ALL_TERMINALS = "*";
    /** The message of a broadcast's TerminalResult for a terminal whose command was queued. */
    public static final String QUEUED = "queued";

    private DoorfaceGateway gateway;
    private boolean queueing;
    /** Read once: whether the exchange continues on a worker thread after the answer. */
    private final boolean blocking;
    /** Counted among the endpoint's started producers (its health check runs while any is). */
    private boolean counted;

    public DoorfaceProducer(DoorfaceEndpoint endpoint) {
        super(endpoint);
        this.blocking = endpoint.getConfiguration().isBlocking();
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
            if (operation == DoorfaceOperation.cancelCommand) {
                in.setBody(cancel(in));
                callback.done(true);
                return true;
            }
            if (sn == null || sn.isBlank()) {
                throw new InvalidCommandException(null, "No terminal: set the deviceSn option or the "
                                                        + DoorfaceConstants.DEVICE_SN + " header");
            }
            if (operation == DoorfaceOperation.listCommands) {
                if (ALL_TERMINALS.equals(sn)) {
                    throw new InvalidCommandException(sn, "listCommands lists one terminal's commands: name its sn");
                }
                in.setBody(queue().list(sn));
                callback.done(true);
                return true;
            }
            if (operation == DoorfaceOperation.reconcile) {
                if (ALL_TERMINALS.equals(sn)) {
                    throw new InvalidCommandException(sn, "reconcile brings one terminal in line: name its sn");
                }
                reconcile(exchange, sn, DesiredUsers.read(sn, in.getBody()), callback);
                return false;
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
        SharedContent shared = content == null ? null
                : ALL_TERMINALS.equals(sn) ? SharedContent.of(content) : SharedContent.forOneTerminal(content);
        StoredContent stored = new StoredContent(shared, userId(content, in));
        if (ALL_TERMINALS.equals(sn)) {
            broadcast(exchange, operation, shared, stored, callback);
        } else {
            OutboundCommand command = command(operation, shared);
            // storing the command for later (an offline terminal, whenOffline=queue) needs a worker thread
            Predicate<Throwable> stores = error -> queueing && offline(unwrap(error));
            continueWith(gateway.router().send(sn, command), stores, (answer, error) -> {
                try {
                    if (error != null && queueing && offline(unwrap(error))) {
                        QueuedCommand queued = enqueue(sn, operation, stored);
                        in.setHeader(DoorfaceConstants.COMMAND_ID, queued.id());
                        in.setBody(new QueuedCommandResult(queued.id(), sn, queued.state()));
                    } else if (error != null) {
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
            });
        }
        return false;
    }

    /**
     * Continues the exchange with a command's outcome: on a worker thread, or (blocking=false) where the outcome
     * arrives unless this failure needs a worker (it stores the command). A worker pool that refuses the task fails
     * the exchange rather than leave it waiting forever.
     */
    private <T> void continueWith(CompletableFuture<T> outcome, Predicate<Throwable> failureBlocks,
                                  BiConsumer<T, Throwable> handler) {
        outcome.whenComplete((value, error) -> {
            if (!blocking && (error == null || !failureBlocks.test(error))) {
                handler.accept(value, error);
                return;
            }
            try {
                gateway.worker().execute(() -> handler.accept(value, error));
            } catch (RejectedExecutionException full) {
                handler.accept(null, full);
            }
        });
    }

    /** Runs a reconcile; the exchange fails only when the terminal's users could not be read. */
    private void reconcile(Exchange exchange, String sn, List<DoorUser> desired, AsyncCallback callback)
            throws InvalidCommandException {
        DoorfaceConfiguration config = getEndpoint().getConfiguration();
        if (!gateway.startReconcile(sn)) {
            throw new ReconcileRunningException(sn);
        }
        CompletableFuture<ReconcileResult> run;
        try {
            run = new Reconciliation(sn, desired, gateway.router(), gateway.worker(), gateway::after,
                    config.getRequestTimeout(), config.getReconcileRate()).run();
        } catch (RuntimeException e) {
            gateway.endReconcile(sn);
            throw e;
        }
        run.whenCompleteAsync((result, error) -> {
            gateway.endReconcile(sn);
            if (error != null) {
                exchange.setException(unwrap(error));
            } else {
                exchange.getMessage().setBody(result);
            }
            callback.done(false);
        }, gateway.worker());
    }

    /** A command's content, stored once (on first need) for every terminal of a broadcast that queues it. */
    private final class StoredContent {
        private final SharedContent shared;
        private final String userId;
        private String contentId;

        StoredContent(SharedContent shared, String userId) {
            this.shared = shared;
            this.userId = userId;
        }

        synchronized String id() {
            if (shared != null && contentId == null) {
                String id = CommandIds.next();
                queue().store().putContent(id, shared.text());
                contentId = id;
            }
            return contentId;
        }
    }

    private QueuedCommand enqueue(String sn, DoorfaceOperation operation, StoredContent stored) {
        return queue().enqueue(sn, operation.name(), stored.userId, stored.id(),
                getEndpoint().getConfiguration().getCommandTimeToLive());
    }

    private QueuedCommand cancel(Message in) throws InvalidCommandException {
        String id = in.getHeader(DoorfaceConstants.COMMAND_ID, String.class);
        if (id == null) {
            id = in.getBody(String.class);
        }
        if (id == null || id.isBlank()) {
            throw new InvalidCommandException(null, "cancelCommand needs the command's id in the "
                                                    + DoorfaceConstants.COMMAND_ID + " header or the body");
        }
        String commandId = id.trim();
        java.util.Optional<QueuedCommand> cancelled;
        try {
            cancelled = queue().cancel(commandId);
        } catch (IllegalStateException e) {
            throw new InvalidCommandException(null, e.getMessage());
        }
        if (cancelled.isEmpty()) {
            throw new InvalidCommandException(null, "No queued command with id " + commandId);
        }
        return cancelled.get();
    }

    private CommandQueue queue() {
        return gateway.enableQueue(getEndpoint().commandStore(), getEndpoint().getConfiguration().getRequestTimeout());
    }

    private static String userId(ObjectNode content, Message in) {
        if (content != null && content.hasNonNull("userId")) {
            return content.get("userId").asText();
        }
        return in.getHeader(DoorfaceConstants.USER_ID, String.class);
    }

    private void broadcast(Exchange exchange, DoorfaceOperation operation, SharedContent shared, StoredContent stored,
                           AsyncCallback callback) {
        List<CompletableFuture<TerminalResult>> results = new ArrayList<>();
        TreeSet<String> targets = new TreeSet<>(gateway.router().terminals());
        List<String> offline = new ArrayList<>();
        if (queueing) {
            try {
                for (String known : queue().store().knownTerminals()) {
                    if (!targets.contains(known)) {
                        offline.add(known);
                    }
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
                callback.done(true);
                return;
            }
        }
        for (String sn : targets) {
            results.add(gateway.router().send(sn, command(operation, shared))
                    .handleAsync((answer, error) -> outcome(operation, sn, answer, error, stored), gateway.worker()));
        }
        for (String sn : offline) {
            results.add(CompletableFuture.supplyAsync(() -> queued(sn, operation, stored), gateway.worker()));
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

    private TerminalResult outcome(DoorfaceOperation operation, String sn, Answer answer, Throwable error,
                                   StoredContent stored) {
        if (error != null) {
            Throwable cause = unwrap(error);
            if (queueing && offline(cause)) {
                return queued(sn, operation, stored);
            }
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

    /** Queues the command for a terminal offline: ok, with message "queued" and the QueuedCommandResult. */
    private TerminalResult queued(String sn, DoorfaceOperation operation, StoredContent stored) {
        try {
            QueuedCommand queued = enqueue(sn, operation, stored);
            return new TerminalResult(sn, true, null, QUEUED, new QueuedCommandResult(queued.id(), sn, queued.state()));
        } catch (RuntimeException e) {
            return new TerminalResult(sn, false, null, "not queued: " + e.getMessage(), null);
        }
    }

    private OutboundCommand command(DoorfaceOperation operation, SharedContent shared) {
        return new OutboundCommand(CommandIds.next(), operation.name(), shared,
                getEndpoint().getConfiguration().getRequestTimeout(),
                getEndpoint().getConfiguration().isIncludePhotos());
    }

    /**
     * Whether a direct command failed because its terminal was not there: not connected, or its connection ended
     * before the answer (the terminal may have carried it out: sent again, it must be idempotent).
     */
    private static boolean offline(Throwable cause) {
        return cause instanceof TerminalNotConnectedException || cause instanceof TerminalDisconnectedException;
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
        queueing = getEndpoint().getConfiguration().queuesWhenOffline();
        gateway = getEndpoint().acquireGateway();
        if (queueing) {
            queue();
        }
        getEndpoint().producerStarted();
        counted = true;
    }

    @Override
    protected void doStop() throws Exception {
        if (counted) {
            counted = false;
            getEndpoint().producerStopped();
        }
        if (gateway != null) {
            getEndpoint().releaseGateway(gateway);
            gateway = null;
        }
        super.doStop();
    }
}
