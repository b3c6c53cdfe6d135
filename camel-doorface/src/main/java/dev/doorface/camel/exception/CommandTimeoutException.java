package dev.doorface.camel.exception;

/**
 * The terminal did not answer within the request timeout. A late answer is logged and dropped.
 */
public class CommandTimeoutException extends DoorfaceException {

    private final String commandId;
    private final long timeoutMillis;

    public CommandTimeoutException(String sn, String commandId, long timeoutMillis) {
        super(sn, "Terminal " + sn + " did not answer command " + commandId + " within " + timeoutMillis + " ms");
        this.commandId = commandId;
        this.timeoutMillis = timeoutMillis;
    }

    public String getCommandId() {
        return commandId;
    }

    public long getTimeoutMillis() {
        return timeoutMillis;
    }
}
