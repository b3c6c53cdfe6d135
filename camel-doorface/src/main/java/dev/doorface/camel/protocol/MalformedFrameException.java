package dev.doorface.camel.protocol;

/**
 * A frame that is not valid JSON or matches no frame of the protocol (PROTOCOL.md decision 6).
 */
public class MalformedFrameException extends Exception {

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
