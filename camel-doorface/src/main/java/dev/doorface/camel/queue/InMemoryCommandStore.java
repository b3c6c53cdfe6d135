package dev.doorface.camel.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A command store in the heap: for tests and for gateways that want no database. Forgets everything when the JVM
 * ends.
 */
public class InMemoryCommandStore implements CommandStore {

    private final Map<String, QueuedCommand> commands = new LinkedHashMap<>();
    private final Map<String, String> contents = new LinkedHashMap<>();
    private final TreeSet<String> terminals = new TreeSet<>();

    @Override
    public synchronized void putContent(String contentId, String json) {
        contents.put(contentId, json);
    }

    @Override
    public synchronized String content(String contentId) {
        return contents.get(contentId);
    }

    @Override
    public synchronized void add(Collection<QueuedCommand> added) {
        added.forEach(c -> commands.put(c.id(), c));
    }

    @Override
    public synchronized Optional<QueuedCommand> find(String id) {
        return Optional.ofNullable(commands.get(id));
    }

    @Override
    public synchronized List<QueuedCommand> list(String sn) {
        return select(c -> c.sn().equals(sn));
    }

    @Override
    public synchronized List<QueuedCommand> pending(String sn) {
        return select(c -> c.sn().equals(sn) && c.state().pending());
    }

    @Override
    public synchronized boolean transition(String id, CommandState from, CommandState to, String answerCode,
                                           String answerMessage) {
        QueuedCommand command = commands.get(id);
        if (command == null || command.state() != from) {
            return false;
        }
        QueuedCommand moved = to == CommandState.SENT ? command.sentAgain() : command;
        commands.put(id, moved.with(to, answerCode, answerMessage));
        return true;
    }

    @Override
    public synchronized List<QueuedCommand> due(long now) {
        return select(c -> c.state() == CommandState.QUEUED && c.expiresAt() <= now);
    }

    @Override
    public synchronized void rememberTerminal(String sn) {
        terminals.add(sn);
    }

    @Override
    public synchronized List<String> knownTerminals() {
        return new ArrayList<>(terminals);
    }

    @Override
    public synchronized boolean forgetTerminal(String sn) {
        return terminals.remove(sn);
    }

    private List<QueuedCommand> select(Predicate<QueuedCommand> filter) {
        return commands.values().stream().filter(filter).toList();
    }
}
