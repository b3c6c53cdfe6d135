package dev.doorface.camel.gateway;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A warning that may repeat in storms (connections refused by the hundred): logged at most once per period, with the
 * number of occurrences since the last line; the others go to DEBUG.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long periodNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long periodMillis) {
        this.log = log;
        this.periodNanos = periodMillis * 1_000_000L;
    }

    /** Logs message (with one {} for the count of occurrences it stands for) and the arguments that follow. */
    void warn(String message, Object... args) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0) && nextAllowed.compareAndSet(allowed, now + periodNanos)) {
            Object[] withCount = new Object[args.length + 1];
            withCount[0] = suppressed.getAndSet(0) + 1;
            System.arraycopy(args, 0, withCount, 1, args.length);
            log.warn(message, withCount);
        } else {
            suppressed.incrementAndGet();
            if (log.isDebugEnabled()) {
                Object[] withCount = new Object[args.length + 1];
                withCount[0] = 1;
                System.arraycopy(args, 0, withCount, 1, args.length);
                log.debug(message, withCount);
            }
        }
    }
}
