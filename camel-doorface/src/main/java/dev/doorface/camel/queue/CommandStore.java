package dev.doorface.camel.queue;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where queued commands live until their terminal answers them. Implementations are thread-safe and every state
 * change is a compare-and-set: it happens only when the command is still in the state the caller saw, so two parties
 * never both move one command. Methods may block (a database): the gateway calls them on worker threads only.
 */
public interface CommandStore {

    /** Stores a content once, under an id the commands that send it reference. */
    void putContent(String contentId, String json);

    /** The content stored under this id, or null. */
    String content(String contentId);

    /** Stores new commands (state QUEUED), in this order: a terminal's commands are sent in the order stored. */
    void add(Collection<QueuedCommand> commands);

    /** The command with this id. */
    Optional<QueuedCommand> find(String id);

    /** Every command of the terminal still stored, oldest first. */
    List<QueuedCommand> list(String sn);

    /** The terminal's pending commands (QUEUED or SENT), oldest first. */
    List<QueuedCommand> pending(String sn);

    /**
     * Moves a command from one state to another, with the terminal's answer; counts an attempt when the new state is
     * SENT.
     *
     * @return true when the command was in state {@code from} and now is in {@code to}
     */
    boolean transition(String id, CommandState from, CommandState to, String answerCode, String answerMessage);

    /** The QUEUED commands whose time to live ended at or before {@code now} (epoch milliseconds). */
    List<QueuedCommand> due(long now);

    /** Remembers that a terminal registered, so that broadcasts reach it while it is offline. */
    void rememberTerminal(String sn);

    /** Every terminal that registered at least once, sorted. */
    List<String> knownTerminals();

    /**
     * Forgets a terminal that is gone: broadcasts no longer queue commands for it (until it registers again). Its
     * commands stay as they are; cancel those still queued through the producer's cancelCommand.
     *
     * @return true when the terminal was known
     */
    boolean forgetTerminal(String sn);
}
