package dev.doorface.camel.protocol;

/**
 * A frame that is not valid JSON or matches no frame of the protocol (PROTOCOL.md decision 6). Its message never
 * repeats the frame's own text, so it may be logged and sent back to the terminal.
 */
public class MalformedFrameException extends Exception {

    private final boolean answer;

    public MalformedFrameException(String message) {
        this(message, false);
    }

    /**
     * @param answer the frame names a commandId: a broken answer, which must never be answered like a report
     */
    public MalformedFrameException(String message, boolean answer) {
        super(message);
        this.answer = answer;
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
        this.answer = false;
    }

    /** True when the frame meant to be an answer to a command (it names a commandId). */
    public boolean isAnswer() {
        return answer;
    }
}
