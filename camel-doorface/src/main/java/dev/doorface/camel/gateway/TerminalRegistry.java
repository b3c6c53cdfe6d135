package dev.doorface.camel.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The terminals known to a gateway, by sn: the connection that holds each (if any), its command mailbox and its event
 * lane. Registering, unregistering and the events they emit happen in one atomic step per sn, so a terminal's
 * REGISTERED and DISCONNECTED events reach routes in the order its connections came and went. A newer registration
 * takes over an older one; a connection leaving removes itself only if it still holds the sn, so a late close of a
 * replaced connection never unregisters the new one.
 */
final class TerminalRegistry {

    /** One terminal: outlives its connections while events or commands of it are pending. */
    static final class Terminal {
        final String sn;
        final EventLane lane = new EventLane();
        final TerminalMailbox mailbox;
        /** The connection holding this sn, or null; written only inside the registry's atomic steps. */
        volatile TerminalSession session;

        Terminal(String sn, TerminalMailbox mailbox) {
            this.sn = sn;
            this.mailbox = mailbox;
        }
    }

    /** What a registration did: the connection it replaced (or null) and the outcome of its REGISTERED event. */
    record Registration<T>(TerminalSession replaced, CompletableFuture<T> registered) {
    }

    private final ConcurrentHashMap<String, Terminal> bySn = new ConcurrentHashMap<>();
    private final Function<String, TerminalMailbox> mailboxes;

    TerminalRegistry(Function<String, TerminalMailbox> mailboxes) {
        this.mailboxes = mailboxes;
    }

    /**
     * Makes session the holder of sn; its commands go there from now on (those queued for a replaced connection
     * move with it). The REGISTERED task is appended to the terminal's lane in the same step.
     */
    <T> Registration<T> register(String sn, TerminalSession session, Supplier<CompletableFuture<T>> registered) {
        Object[] out = new Object[2];
        // the event is placed in the lane inside the step, and starts after it (a route must not run in compute)
        CompletableFuture<Void> stepDone = new CompletableFuture<>();
        bySn.compute(sn, (key, existing) -> {
            Terminal terminal = existing != null ? existing : new Terminal(sn, mailboxes.apply(sn));
            TerminalSession previous = terminal.session;
            terminal.session = session;
            terminal.mailbox.attach(session);
            out[0] = previous == session ? null : previous;
            out[1] = terminal.lane.append(registered, stepDone);
            return terminal;
        });
        stepDone.complete(null);
        @SuppressWarnings("unchecked")
        CompletableFuture<T> outcome = (CompletableFuture<T>) out[1];
        return new Registration<>((TerminalSession) out[0], outcome);
    }

    /**
     * Removes session from sn if it still holds it, appending the DISCONNECTED task to the terminal's lane in the
     * same step; true when it did.
     */
    <T> boolean unregister(String sn, TerminalSession session, Supplier<CompletableFuture<T>> disconnected) {
        if (sn == null) {
            return false;
        }
        Object[] lastEvent = new Object[1];
        CompletableFuture<Void> stepDone = new CompletableFuture<>();
        bySn.computeIfPresent(sn, (key, terminal) -> {
            if (terminal.session != session) {
                return terminal;
            }
            terminal.session = null;
            terminal.mailbox.detach(session);
            lastEvent[0] = terminal.lane.append(disconnected, stepDone);
            return terminal;
        });
        stepDone.complete(null);
        if (lastEvent[0] == null) {
            return false;
        }
        // forgotten once its last event is handled, unless it came back meanwhile
        ((CompletableFuture<?>) lastEvent[0]).whenComplete((v, e) -> bySn.computeIfPresent(sn,
                (key, terminal) -> terminal.session == null && terminal.lane.idle() && terminal.mailbox.size() == 0
                        ? null : terminal));
        return true;
    }

    /** The terminal with this sn, connected or with events still pending, or null. */
    Terminal find(String sn) {
        return sn == null ? null : bySn.get(sn);
    }

    /** The serial numbers of the terminals connected now, sorted. */
    List<String> serialNumbers() {
        List<String> list = new ArrayList<>();
        bySn.forEach((sn, terminal) -> {
            if (terminal.session != null) {
                list.add(sn);
            }
        });
        list.sort(null);
        return list;
    }

    /** How many terminals are connected now. */
    int size() {
        int[] count = new int[1];
        bySn.forEach((sn, terminal) -> {
            if (terminal.session != null) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** Commands waiting in every terminal's mailbox (queued and in flight), counted without locks. */
    int commandsWaiting() {
        int[] count = new int[1];
        bySn.forEach((sn, terminal) -> count[0] += terminal.mailbox.waiting());
        return count[0];
    }

    /**
     * The connected terminals with the smallest serial numbers, at most limit of them, sorted: a bounded heap, so ten
     * thousand terminals cost one pass and no sort of them all.
     */
    List<TerminalView> first(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        PriorityQueue<TerminalView> largestFirst = new PriorityQueue<>(Comparator.comparing(TerminalView::sn)
                .reversed());
        bySn.forEach((sn, terminal) -> {
            TerminalSession session = terminal.session;
            if (session == null) {
                return;
            }
            if (largestFirst.size() == limit) {
                if (sn.compareTo(largestFirst.peek().sn()) >= 0) {
                    return;
                }
                largestFirst.poll();
            }
            largestFirst.add(new TerminalView(sn, session.remoteAddress(), session.registeredAt(),
                    session.lastHeartbeat(), terminal.mailbox.waiting()));
        });
        List<TerminalView> sorted = new ArrayList<>(largestFirst);
        sorted.sort(Comparator.comparing(TerminalView::sn));
        return sorted;
    }

    /** Completes when every event appended so far to any terminal's lane has been handled. */
    CompletableFuture<Void> drained() {
        return CompletableFuture.allOf(bySn.values().stream().map(t -> t.lane.drained())
                .toArray(CompletableFuture[]::new));
    }
}
