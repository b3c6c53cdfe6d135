package dev.doorface.camel.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh commandIds: digits only, like the document's examples, increasing, and unlikely to repeat across restarts
 * (seeded from the clock in microseconds).
 */
public final class CommandIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() * 1000);

    private CommandIds() {
    }

    public static String next() {
        return Long.toString(NEXT.incrementAndGet());
    }
}
