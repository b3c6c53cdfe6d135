package dev.doorface.camel.exception;

/**
 * The terminal answered with an error code (500 "execution failed", or a code the command does not expect).
 */
public class TerminalErrorException extends DoorfaceException {

    private final String commandId;
    private final String code;
    private final String terminalMessage;

    public TerminalErrorException(String sn, String commandId, String code, String terminalMessage) {
        super(sn, "Terminal " + sn + " answered command " + commandId + " with code " + code
                  + (terminalMessage == null || terminalMessage.isEmpty() ? "" : ": " + terminalMessage));
        this.commandId = commandId;
        this.code = code;
        this.terminalMessage = terminalMessage;
    }

    public String getCommandId() {
        return commandId;
    }

    /** The code the terminal answered with. */
    public String getCode() {
        return code;
    }

    /** The terminal's own text (its data or content), possibly empty. */
    public String getTerminalMessage() {
        return terminalMessage;
    }
}
