package dev.doorface.camel.model;

/**
 * What a consumer exchange reports.
 */
public enum EventKind {
    /** A terminal registered (205); body {@link TerminalRegistered}. */
    REGISTERED,
    /** An access record (207 type 1); body {@link AccessEvent}. */
    ACCESS,
    /** A user was added at the terminal (207 type 2); body {@link UserAddedEvent}. */
    USER_ADDED,
    /** A heartbeat (206); body {@link HeartbeatEvent}. Off unless asked for. */
    HEARTBEAT,
    /** A registered terminal's connection ended (closed, or heartbeat expiry); body {@link TerminalDisconnected}. */
    DISCONNECTED,
    /** A queued command (whenOffline=queue) ended; body {@link CommandResultEvent}. Off unless asked for. */
    COMMAND_RESULT
}
