package dev.doorface.camel.exception;

/**
 * The terminal's connection ended while the command waited for its answer. Raised when the connection ends, not at the
 * timeout.
 */
public class TerminalDisconnectedException extends DoorfaceException {

    private final String commandId;

    public TerminalDisconnectedException(String sn, String commandId) {
        super(sn, "Terminal " + sn + " disconnected before answering command " + commandId);
        this.commandId = commandId;
    }

    public String getCommandId() {
        return commandId;
    }
}
