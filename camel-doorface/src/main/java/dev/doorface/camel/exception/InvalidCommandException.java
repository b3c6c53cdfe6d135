package dev.doorface.camel.exception;

/**
 * The command could not be built from the exchange (a required field is missing, the body is not usable). Nothing was
 * sent to the terminal.
 */
public class InvalidCommandException extends DoorfaceException {

    public InvalidCommandException(String sn, String message) {
        super(sn, message);
    }
}
