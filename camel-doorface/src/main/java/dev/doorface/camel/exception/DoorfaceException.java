package dev.doorface.camel.exception;

import org.apache.camel.CamelException;

/**
 * Base of every failure a doorface producer reports. Routes catch a subclass to react to one cause.
 */
public class DoorfaceException extends CamelException {

    private final String sn;

    public DoorfaceException(String sn, String message) {
        super(message);
        this.sn = sn;
    }

    /** The terminal the command was for, or null when none was chosen. */
    public String getSn() {
        return sn;
    }
}
