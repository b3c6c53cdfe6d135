package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.protocol.Answer;

/**
 * Delivers commands to the terminals connected to this gateway, through each terminal's mailbox.
 */
final class LocalCommandRouter implements CommandRouter {

    private final TerminalRegistry registry;

    LocalCommandRouter(TerminalRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
        TerminalSession session = registry.find(sn);
        if (session == null) {
            return CompletableFuture.failedFuture(new TerminalNotConnectedException(sn));
        }
        return session.submit(command);
    }

    @Override
    public List<String> terminals() {
        return registry.serialNumbers();
    }
}
