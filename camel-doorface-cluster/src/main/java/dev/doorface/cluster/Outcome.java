package dev.doorface.cluster;

/** How a command sent to another node ended there, as its reply says. */
enum Outcome {
    /** The terminal answered; the body is the answer. */
    ANSWER,
    /** The terminal is not connected to that node (any more): look it up again. */
    NOT_HERE,
    /** The terminal's connection ended before it answered. */
    DISCONNECTED,
    /** The terminal did not answer in time. */
    TIMEOUT,
    /** The node could not read the command. */
    INVALID,
    /** Anything else went wrong there; the message says what. */
    FAILED
}
