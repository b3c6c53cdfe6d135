package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.metrics.CommandOutcome;
import dev.doorface.camel.metrics.GatewayMetrics;
import dev.doorface.camel.protocol.Answer;

/**
 * Delivers commands to the terminals connected to this gateway, through each terminal's mailbox.
 */
final class LocalCommandRouter implements CommandRouter {

    private final TerminalRegistry registry;
    private final GatewayMetrics metrics;

    LocalCommandRouter(TerminalRegistry registry, GatewayMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Answer> send(String sn, OutboundCommand command) {
        TerminalRegistry.Terminal terminal = registry.find(sn);
        if (terminal == null || terminal.session == null) {
            metrics.commandEnded(metrics.command(command.operation()), CommandOutcome.NOT_CONNECTED);
            return CompletableFuture.failedFuture(new TerminalNotConnectedException(sn));
        }
        CompletableFuture<Answer> result = new CompletableFuture<>();
        terminal.mailbox.offer(command, result);
        return result;
    }

    @Override
    public List<String> terminals() {
        return registry.serialNumbers();
    }
}
