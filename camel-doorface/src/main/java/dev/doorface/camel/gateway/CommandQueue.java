package dev.doorface.camel.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.AnswerReader;
import dev.doorface.camel.queue.CommandState;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.camel.queue.QueuedCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the commands stored for terminals (whenOffline=queue): when a terminal registers, its pending commands go
 * out in the order stored, one at a time, before the direct commands sent to it meanwhile (its mailbox holds those
 * back until the store has nothing more for it). Every outcome is recorded in the store and handed to consumers as a
 * COMMAND_RESULT event. Runs on worker threads only: the store may block.
 */
public final class CommandQueue {

    private static final Logger LOG = LoggerFactory.getLogger(CommandQueue.class);
    /** How often QUEUED commands are checked for expiry while their terminal stays away. */
    static final long SWEEP_MILLIS = 1000;

    /** One delivery per terminal at a time; a kick while one runs makes it run once more. */
    private static final class Delivery {
        boolean running;
        boolean again;
    }

    private final DoorfaceGateway gateway;
    private final CommandStore store;
    private final long requestTimeout;
    private final ConcurrentHashMap<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long sweepTimer = -1;

    CommandQueue(DoorfaceGateway gateway, CommandStore store, long requestTimeout) {
        this.gateway = gateway;
        this.store = store;
        this.requestTimeout = requestTimeout;
    }

    public CommandStore store() {
        return store;
    }

    /**
     * Stores a command for a terminal and starts its delivery if the terminal is connected meanwhile. Blocking.
     *
     * @param contentId the content stored with {@link CommandStore#putContent}, or null
     */
    public QueuedCommand enqueue(String sn, String operation, String userId, String contentId, long timeToLive) {
        long now = System.currentTimeMillis();
        long expires = timeToLive <= 0 || now + timeToLive < 0 ? Long.MAX_VALUE : now + timeToLive;
        QueuedCommand command = new QueuedCommand(CommandIds.next(), sn, operation, userId, contentId,
                CommandState.QUEUED, now, expires, 0, null, null);
        store.add(List.of(command));
        // it may have registered between the failed send and the store: its delivery then finds this command
        kick(sn);
        // or on another node of a cluster, which delivers it
        gateway.commandsQueued(sn);
        return command;
    }

    /** The terminal's commands, expired ones marked so first. Blocking. */
    public List<QueuedCommand> list(String sn) {
        sweep();
        return store.list(sn);
    }

    /**
     * Cancels a command still QUEUED. Blocking.
     *
     * @return the cancelled command, or empty when there is none with this id
     * @throws IllegalStateException when it is no longer QUEUED
     */
    public Optional<QueuedCommand> cancel(String id) {
        Optional<QueuedCommand> found = store.find(id);
        if (found.isEmpty()) {
            return found;
        }
        QueuedCommand command = found.get();
        if (!store.transition(id, CommandState.QUEUED, CommandState.CANCELLED, null, "cancelled")) {
            throw new IllegalStateException("Command " + id + " for " + command.sn() + " is "
                                            + store.find(id).map(QueuedCommand::state).orElse(command.state())
                                            + ": only a QUEUED command can be cancelled");
        }
        QueuedCommand cancelled = command.with(CommandState.CANCELLED, null, "cancelled");
        publish(cancelled);
        return Optional.of(cancelled);
    }

    /** The terminal registered (and was answered): remember it and deliver what waits for it. */
    void registered(String sn) {
        execute(() -> {
            store.rememberTerminal(sn);
            deliver(sn);
        }, sn);
    }

    /** Every terminal connected when queueing was switched on. */
    void adopt(List<String> connected) {
        connected.forEach(this::registered);
    }

    /** Starts the terminal's delivery unless one runs; then it runs once more. */
    void kick(String sn) {
        execute(() -> deliver(sn), sn);
    }

    private void deliver(String sn) {
        Delivery delivery = deliveries.computeIfAbsent(sn, k -> new Delivery());
        synchronized (delivery) {
            if (delivery.running) {
                delivery.again = true;
                return;
            }
            delivery.running = true;
        }
        next(sn);
    }

    /** Sends the terminal's oldest pending command, or ends the delivery when there is none. */
    private void next(String sn) {
        try {
            while (true) {
                TerminalRegistry.Terminal terminal = gateway.registry().find(sn);
                if (terminal == null || terminal.session == null) {
                    finish(sn, false);
                    return;
                }
                List<QueuedCommand> pending = store.pending(sn);
                if (pending.isEmpty()) {
                    finish(sn, true);
                    return;
                }
                QueuedCommand command = pending.get(0);
                if (command.expiresAt() <= System.currentTimeMillis()) {
                    expire(command);
                    continue;
                }
                String json = command.contentId() == null ? null : store.content(command.contentId());
                if (command.contentId() != null && json == null) {
                    // nothing to send: failing it keeps the terminal's later commands moving
                    end(command, CommandState.FAILED, "content " + command.contentId() + " missing from the store");
                    continue;
                }
                if (!store.transition(command.id(), command.state(), CommandState.SENT, null, null)) {
                    continue; // cancelled or moved meanwhile: look again
                }
                SharedContent content = json == null ? null : SharedContent.of(json);
                OutboundCommand outbound = new OutboundCommand(command.id(), command.operation(), content,
                        requestTimeout);
                CompletableFuture<Answer> answer = new CompletableFuture<>();
                terminal.mailbox.offer(outbound, answer, true);
                answer.whenCompleteAsync((a, e) -> answered(command, a, e), gateway.worker());
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivering the queued commands of {} failed; they are tried again when it registers: {}", sn,
                    e.getMessage());
            finish(sn, true);
        }
    }

    private void answered(QueuedCommand command, Answer answer, Throwable error) {
        String sn = command.sn();
        try {
            Throwable cause = error;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CommandTimeoutException) {
                // unanswered on a live connection: sent again, until its time to live ends
                store.transition(command.id(), CommandState.SENT, CommandState.QUEUED, null, cause.getMessage());
                next(sn);
                return;
            }
            if (cause != null) {
                // the connection ended (or was replaced) before the answer: sent again when the terminal is back
                store.transition(command.id(), CommandState.SENT, CommandState.QUEUED, null, cause.getMessage());
                finish(sn, false);
                return;
            }
            QueuedCommand done;
            try {
                AnswerReader.read(DoorfaceOperation.valueOf(command.operation()), sn, answer);
                done = command.with(CommandState.SUCCEEDED, answer.code(), null);
            } catch (TerminalErrorException e) {
                done = command.with(CommandState.FAILED, e.getCode(), e.getTerminalMessage());
            } catch (RuntimeException e) {
                done = command.with(CommandState.FAILED, answer.code(), e.getMessage());
            }
            if (store.transition(command.id(), CommandState.SENT, done.state(), done.answerCode(),
                    done.answerMessage())) {
                publish(done);
            }
            next(sn);
        } catch (RuntimeException e) {
            LOG.warn("Recording the answer to queued command {} of {} failed: {}", command.id(), sn, e.getMessage());
            finish(sn, true);
        }
    }

    private void finish(String sn, boolean delivered) {
        Delivery delivery = deliveries.get(sn);
        boolean again;
        synchronized (delivery) {
            again = delivery.again;
            delivery.again = false;
            delivery.running = again;
        }
        if (delivered) {
            TerminalRegistry.Terminal terminal = gateway.registry().find(sn);
            if (terminal != null) {
                terminal.mailbox.unhold();
            }
        }
        if (again) {
            execute(() -> next(sn), sn);
        }
    }

    private void expire(QueuedCommand command) {
        end(command, CommandState.EXPIRED, "time to live ended");
    }

    private void end(QueuedCommand command, CommandState state, String why) {
        if (store.transition(command.id(), command.state(), state, null, why)) {
            publish(command.with(state, null, why));
        }
    }

    /** Marks the QUEUED commands whose time to live ended as EXPIRED. Blocking. */
    void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            store.due(System.currentTimeMillis()).forEach(this::expire);
        } catch (RuntimeException e) {
            LOG.warn("Checking queued commands for expiry failed: {}", e.getMessage());
        } finally {
            sweeping.set(false);
        }
    }

    void start() {
        sweepTimer = gateway.vertx().setPeriodic(SWEEP_MILLIS, id -> execute(this::sweep, "expiry"));
    }

    void stop() {
        if (sweepTimer >= 0) {
            gateway.vertx().cancelTimer(sweepTimer);
            sweepTimer = -1;
        }
    }

    private void publish(QueuedCommand command) {
        CommandResultEvent event = new CommandResultEvent(command.sn(), command.id(), command.operation(),
                command.userId(), command.state(), command.answerCode(), command.answerMessage());
        gateway.dispatch(command.sn(), event, null);
    }

    private void execute(Runnable task, String what) {
        try {
            gateway.worker().execute(task);
        } catch (RejectedExecutionException | NullPointerException e) {
            LOG.debug("Gateway stopping: queued commands of {} wait for the next start", what);
        }
    }

    /** Terminals connected now, for {@link #adopt}. */
    static List<String> connected(TerminalRegistry registry) {
        return new ArrayList<>(registry.serialNumbers());
    }
}
