package dev.doorface.camel.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.doorface.camel.protocol.Answer;

/**
 * The one way commands reach terminals. Producers never touch sockets: today the router delivers to the terminals of
 * this node; a router over a broker can take its place when terminals are spread over several nodes.
 */
public interface CommandRouter {

    /**
     * Sends a command to the terminal with this sn.
     *
     * @return completes with the terminal's answer (whatever its code), or fails with
     *         {@link dev.doorface.camel.exception.TerminalNotConnectedException},
     *         {@link dev.doorface.camel.exception.TerminalDisconnectedException} or
     *         {@link dev.doorface.camel.exception.CommandTimeoutException}
     */
    CompletableFuture<Answer> send(String sn, OutboundCommand command);

    /** The serial numbers of the terminals registered now. */
    List<String> terminals();
}
