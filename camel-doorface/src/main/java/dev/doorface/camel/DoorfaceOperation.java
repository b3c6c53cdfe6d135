package dev.doorface.camel;

/**
 * The commands a server can send to a terminal (the enum constant names are the wire names), and the operations on
 * the gateway's store of queued commands ({@link #local()}), which are never sent.
 */
public enum DoorfaceOperation {
    /** Adds a user; all six user fields are required. Answer: code 200. */
    addUser,
    /** Deletes a user by userId. Answer: code 200. */
    deleteUser,
    /** Changes a user, found by userId. Answer: code 200. */
    editUser,
    /** Lists the users matching userId and/or name, or every user when neither is given. Answer: code 203. */
    selectUser,
    /** Asks whether a face (img) is in the terminal's library. Answer: code 204. */
    compareUser,
    /** Fetches a reported event by eventid. Answer: code 208. */
    queryEvent,
    /**
     * Lists the commands stored for a terminal (whenOffline=queue) with their states; handled by the gateway, never
     * sent to the terminal. Body: a list of {@link dev.doorface.camel.queue.QueuedCommand}.
     */
    listCommands,
    /**
     * Cancels a queued command, named by the CamelDoorfaceCommandId header or the body; handled by the gateway, never
     * sent. Only a command still QUEUED can be cancelled. Body: the cancelled {@link dev.doorface.camel.queue.QueuedCommand}.
     */
    cancelCommand,
    /**
     * Brings one terminal's users in line with the body, a list of the users it should hold (DoorUser or Maps with the
     * six user fields): reads what it holds with selectUser and sends only the difference, deletes first, then edits,
     * then adds, at most reconcileRate commands per second. Never sent as such and never queued. Body: a
     * {@link dev.doorface.camel.model.ReconcileResult}.
     */
    reconcile;

    /** Whether the gateway handles this operation itself instead of sending it to a terminal. */
    public boolean local() {
        return this == listCommands || this == cancelCommand;
    }
}
