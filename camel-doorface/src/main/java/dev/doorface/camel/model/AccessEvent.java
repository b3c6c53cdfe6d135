package dev.doorface.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An access record (207 type 1): a face was recognised at the door.
 *
 * @param sn      serial number of the terminal
 * @param eventId event id, unique per terminal
 * @param userId  employee number of the recognised user
 * @param door    0 in, 1 out
 * @param img     the captured snapshot as base64 JPEG (never logged)
 */
public record AccessEvent(String sn, String eventId, String userId, String door, String img) implements TerminalEvent {

    @Override
    public EventKind kind() {
        return EventKind.ACCESS;
    }

    /** The snapshot decoded, or {@code null} when absent or not valid base64. */
    @JsonIgnore
    public byte[] imageBytes() {
        return Images.decode(img);
    }

    @Override
    public String toString() {
        return "AccessEvent[sn=" + sn + ", eventId=" + eventId + ", userId=" + userId + ", door=" + door + ", img="
               + Images.describe(img) + "]";
    }
}
