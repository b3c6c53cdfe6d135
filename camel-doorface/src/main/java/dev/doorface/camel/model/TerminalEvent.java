package dev.doorface.camel.model;

/**
 * A body a doorface consumer emits. Every event names the terminal it came from.
 */
public sealed interface TerminalEvent
        permits TerminalRegistered, AccessEvent, UserAddedEvent, HeartbeatEvent, TerminalDisconnected,
        CommandResultEvent {

    /** Serial number of the terminal. */
    String sn();

    /** What kind of event this is. */
    EventKind kind();
}
