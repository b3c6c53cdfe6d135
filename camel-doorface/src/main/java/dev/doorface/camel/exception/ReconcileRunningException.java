package dev.doorface.camel.exception;

/**
 * A reconcile of this terminal is running already: one at a time per terminal, so that its pace is the terminal's.
 * Nothing was sent. An {@link InvalidCommandException}, as before it had a type of its own, so existing handlers hold.
 */
public class ReconcileRunningException extends InvalidCommandException {

    public ReconcileRunningException(String sn) {
        super(sn, "a reconcile of " + sn + " is running already");
    }
}
