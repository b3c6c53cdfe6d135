package dev.doorface.camel.gateway;

/**
 * A command ready for the wire: plain data with a deadline, so that it can cross a node boundary later.
 *
 * @param commandId     the correlation id the answer will carry
 * @param operation     the command name, for logs
 * @param frame         the encoded frame text
 * @param timeoutMillis how long the caller waits for the answer, counted from submission
 */
public record OutboundCommand(String commandId, String operation, String frame, long timeoutMillis) {

    @Override
    public String toString() {
        return operation + "#" + commandId;
    }
}
