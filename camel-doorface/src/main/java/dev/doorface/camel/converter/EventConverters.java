package dev.doorface.camel.converter;

import java.util.Map;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import org.apache.camel.Converter;

/**
 * The consumer's event records from a Map, JSON text or JSON bytes, with the records' own field names (as Jackson
 * writes them): sn (always required), eventId, userId, door, img, user, ip, mac, type, remoteAddress, time, reason,
 * commandId, operation, state, answerCode, answerMessage. Names are matched ignoring case (eventid works too); other
 * keys are ignored. Useful to replay stored events into a route, or to test one.
 */
@Converter(generateLoader = true)
public final class EventConverters {

    private EventConverters() {
    }

    @Converter
    public static AccessEvent toAccessEvent(Map<?, ?> map) {
        return Convert.fromMap(map, AccessEvent.class, Records::access);
    }

    @Converter
    public static AccessEvent toAccessEvent(String json) {
        return Convert.fromJson(json, AccessEvent.class, Records::access);
    }

    @Converter
    public static AccessEvent toAccessEvent(byte[] json) {
        return Convert.fromJson(json, AccessEvent.class, Records::access);
    }

    @Converter
    public static UserAddedEvent toUserAddedEvent(Map<?, ?> map) {
        return Convert.fromMap(map, UserAddedEvent.class, Records::userAdded);
    }

    @Converter
    public static UserAddedEvent toUserAddedEvent(String json) {
        return Convert.fromJson(json, UserAddedEvent.class, Records::userAdded);
    }

    @Converter
    public static UserAddedEvent toUserAddedEvent(byte[] json) {
        return Convert.fromJson(json, UserAddedEvent.class, Records::userAdded);
    }

    @Converter
    public static TerminalRegistered toTerminalRegistered(Map<?, ?> map) {
        return Convert.fromMap(map, TerminalRegistered.class, Records::registered);
    }

    @Converter
    public static TerminalRegistered toTerminalRegistered(String json) {
        return Convert.fromJson(json, TerminalRegistered.class, Records::registered);
    }

    @Converter
    public static TerminalRegistered toTerminalRegistered(byte[] json) {
        return Convert.fromJson(json, TerminalRegistered.class, Records::registered);
    }

    @Converter
    public static HeartbeatEvent toHeartbeatEvent(Map<?, ?> map) {
        return Convert.fromMap(map, HeartbeatEvent.class, Records::heartbeat);
    }

    @Converter
    public static HeartbeatEvent toHeartbeatEvent(String json) {
        return Convert.fromJson(json, HeartbeatEvent.class, Records::heartbeat);
    }

    @Converter
    public static HeartbeatEvent toHeartbeatEvent(byte[] json) {
        return Convert.fromJson(json, HeartbeatEvent.class, Records::heartbeat);
    }

    @Converter
    public static TerminalDisconnected toTerminalDisconnected(Map<?, ?> map) {
        return Convert.fromMap(map, TerminalDisconnected.class, Records::disconnected);
    }

    @Converter
    public static TerminalDisconnected toTerminalDisconnected(String json) {
        return Convert.fromJson(json, TerminalDisconnected.class, Records::disconnected);
    }

    @Converter
    public static TerminalDisconnected toTerminalDisconnected(byte[] json) {
        return Convert.fromJson(json, TerminalDisconnected.class, Records::disconnected);
    }

    @Converter
    public static CommandResultEvent toCommandResultEvent(Map<?, ?> map) {
        return Convert.fromMap(map, CommandResultEvent.class, Records::commandResult);
    }

    @Converter
    public static CommandResultEvent toCommandResultEvent(String json) {
        return Convert.fromJson(json, CommandResultEvent.class, Records::commandResult);
    }

    @Converter
    public static CommandResultEvent toCommandResultEvent(byte[] json) {
        return Convert.fromJson(json, CommandResultEvent.class, Records::commandResult);
    }
}
