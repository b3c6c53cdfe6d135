package dev.doorface.camel.model;

/**
 * A registered terminal's connection ended. Not emitted when a newer connection of the same terminal replaced it.
 *
 * @param sn     serial number of the terminal
 * @param reason why: closed by the terminal, heartbeat expiry, message too big, gateway stopping
 */
public record TerminalDisconnected(String sn, String reason) implements TerminalEvent {

    @Override
    public EventKind kind() {
        return EventKind.DISCONNECTED;
    }
}
