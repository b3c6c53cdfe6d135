package dev.doorface.camel.metrics;

import java.util.Locale;

/** How a terminal's report was answered: the {@code outcome} tag of {@code doorface.events}. */
public enum EventOutcome {
    /** Answered 200: the routes handled it (a heartbeat or an admitted registration always is). */
    ACKNOWLEDGED,
    /** Answered 500: a route failed, or it could not be handed to a worker; the terminal sends it again. */
    FAILED,
    /** Answered 500: no consumer takes this kind of event. */
    UNHANDLED,
    /** A registration answered 500 and closed: malformed, or the terminal was not admitted. */
    REFUSED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The value of the meter tag. */
    public String tag() {
        return tag;
    }
}
