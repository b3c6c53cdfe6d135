package dev.doorface.simulator;

/**
 * How a {@link SimulatedTerminal} reacts to server commands. Reports (registration, heartbeats, events)
 * are not affected. Can be switched at any time with {@link SimulatedTerminal#behaviour(Behaviour)}.
 */
public enum Behaviour {
    /** Carry out every command and answer it as the protocol specifies. */
    NORMAL,
    /** Never answer a command (heartbeats and reports go on as usual). */
    SILENT,
    /** Answer every command with code 500 and data {@code "simulated failure"}, changing nothing. */
    FAIL,
    /** Carry out and answer every command only after {@link SimulatedTerminal#slowDelay(java.time.Duration)}. */
    SLOW,
    /** Close the connection (status 1001) when a command arrives, without answering it. */
    DROP_CONNECTION,
    /** Answer every command with a frame that is not JSON. */
    MALFORMED
}
