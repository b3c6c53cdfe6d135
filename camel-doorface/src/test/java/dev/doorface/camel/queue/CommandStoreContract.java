package dev.doorface.camel.queue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every command store does; run against each implementation. */
abstract class CommandStoreContract {

    abstract CommandStore store();

    static QueuedCommand command(String sn, String operation, String contentId, long expiresAt) {
        return new QueuedCommand(UUID.randomUUID().toString(), sn, operation, "u1", contentId, CommandState.QUEUED,
                System.currentTimeMillis(), expiresAt, 0, null, null);
    }

    @Test
    void keepsATerminalsCommandsInOrderWithSharedContent() {
        CommandStore store = store();
        store.putContent("c1", "{\"userId\":\"u1\",\"img\":\"" + "A".repeat(20_000) + "\"}");
        QueuedCommand a = command("T1", "addUser", "c1", Long.MAX_VALUE);
        QueuedCommand b = command("T2", "addUser", "c1", Long.MAX_VALUE);
        QueuedCommand c = command("T1", "deleteUser", null, Long.MAX_VALUE);
        store.add(List.of(a, b, c));

        assertThat(store.pending("T1")).extracting(QueuedCommand::id).containsExactly(a.id(), c.id());
        assertThat(store.content(store.find(b.id()).orElseThrow().contentId())).contains("A".repeat(20_000));
        assertThat(store.find(a.id()).orElseThrow()).isEqualTo(a);
    }

    @Test
    void movesStatesOnlyFromTheStateSeen() {
        CommandStore store = store();
        QueuedCommand a = command("T3", "deleteUser", null, Long.MAX_VALUE);
        store.add(List.of(a));

        assertThat(store.transition(a.id(), CommandState.QUEUED, CommandState.SENT, null, null)).isTrue();
        assertThat(store.transition(a.id(), CommandState.QUEUED, CommandState.CANCELLED, null, null)).isFalse();
        assertThat(store.transition(a.id(), CommandState.SENT, CommandState.FAILED, "400", "no such user")).isTrue();

        QueuedCommand failed = store.find(a.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(CommandState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.answerCode()).isEqualTo("400");
        assertThat(failed.answerMessage()).isEqualTo("no such user");
        assertThat(store.pending("T3")).isEmpty();
        assertThat(store.list("T3")).hasSize(1);
    }

    @Test
    void findsTheQueuedCommandsWhoseTimeRanOut() {
        CommandStore store = store();
        QueuedCommand old = command("T4", "deleteUser", null, 1000);
        QueuedCommand fresh = command("T4", "deleteUser", null, Long.MAX_VALUE);
        store.add(List.of(old, fresh));

        assertThat(store.due(2000)).extracting(QueuedCommand::id).containsExactly(old.id());
    }

    @Test
    void remembersEveryTerminalOnce() {
        CommandStore store = store();
        store.rememberTerminal("T6");
        store.rememberTerminal("T5");
        store.rememberTerminal("T6");

        assertThat(store.knownTerminals()).containsExactly("T5", "T6");
    }

    @Test
    void forgetsATerminalAndKeepsItsCommands() {
        CommandStore store = store();
        store.rememberTerminal("T8");
        store.rememberTerminal("T9");
        QueuedCommand a = command("T8", "deleteUser", null, Long.MAX_VALUE);
        store.add(List.of(a));

        assertThat(store.forgetTerminal("T8")).isTrue();
        assertThat(store.forgetTerminal("T8")).isFalse();
        assertThat(store.forgetTerminal("never-seen")).isFalse();
        // (a store on PostgreSQL is shared by this class's tests: other terminals may be known)
        assertThat(store.knownTerminals()).contains("T9").doesNotContain("T8");
        // the commands are the producer's to cancel, not the store's to drop
        assertThat(store.pending("T8")).containsExactly(a);

        // registering again makes it known again
        store.rememberTerminal("T8");
        assertThat(store.knownTerminals()).contains("T8", "T9");
    }
}
