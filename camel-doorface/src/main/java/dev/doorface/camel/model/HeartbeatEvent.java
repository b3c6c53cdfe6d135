package dev.doorface.camel.model;

/**
 * A heartbeat (206).
 *
 * @param sn   serial number of the terminal
 * @param time the terminal's local time as it sent it ({@code yyyy-MM-dd HH:mm:ss}, no zone)
 */
public record HeartbeatEvent(String sn, String time) implements TerminalEvent {

    @Override
    public EventKind kind() {
        return EventKind.HEARTBEAT;
    }
}
