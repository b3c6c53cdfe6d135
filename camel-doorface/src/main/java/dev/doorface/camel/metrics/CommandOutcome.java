package dev.doorface.camel.metrics;

import java.util.Locale;

/** How a command sent to a terminal ended: the {@code outcome} tag of {@code doorface.commands}. */
public enum CommandOutcome {
    /** The terminal answered with the operation's success code. */
    OK,
    /** The terminal answered with an error code. */
    TERMINAL_ERROR,
    /** No answer within the command's timeout. */
    TIMEOUT,
    /** The terminal's connection ended (or the write failed) before the answer. */
    DISCONNECTED,
    /** The terminal was not connected when the command was sent. */
    NOT_CONNECTED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The value of the meter tag. */
    public String tag() {
        return tag;
    }
}
