package dev.doorface.camel.queue;

/**
 * Where a queued command stands. QUEUED and SENT are pending (a SENT command is sent again when its answer cannot
 * arrive any more); the others are final.
 */
public enum CommandState {
    /** Waiting for the terminal to be connected and for its turn. */
    QUEUED,
    /** Written to the terminal, its answer not yet in. */
    SENT,
    /** The terminal answered with success. */
    SUCCEEDED,
    /** The terminal answered with an error code: not sent again. */
    FAILED,
    /** Its time to live ran out before the terminal answered it. */
    EXPIRED,
    /** Cancelled before it was sent. */
    CANCELLED;

    /** Whether the command may still be sent. */
    public boolean pending() {
        return this == QUEUED || this == SENT;
    }
}
