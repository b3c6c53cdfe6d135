package dev.doorface.camel.protocol;

/**
 * A frame a terminal sent: a report of its own (205/206/207) or an answer to a server command.
 */
public sealed interface InboundFrame permits Report, Answer {
}
