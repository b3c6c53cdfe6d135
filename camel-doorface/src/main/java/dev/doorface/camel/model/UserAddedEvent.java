package dev.doorface.camel.model;

/**
 * A user was added at the terminal itself (207 type 2).
 *
 * @param sn      serial number of the terminal
 * @param eventId event id, unique per terminal
 * @param user    the user as the terminal stored it
 */
public record UserAddedEvent(String sn, String eventId, DoorUser user) implements TerminalEvent {

    @Override
    public EventKind kind() {
        return EventKind.USER_ADDED;
    }
}
