package dev.doorface.camel.exception;

/**
 * No terminal with that sn is registered on the gateway. Raised at once, before anything is sent.
 */
public class TerminalNotConnectedException extends DoorfaceException {

    public TerminalNotConnectedException(String sn) {
        super(sn, "Terminal " + sn + " is not connected");
    }
}
