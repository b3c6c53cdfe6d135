package dev.doorface.camel.metrics;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Count, total and maximum of the durations recorded since the gateway started (the JMX view of a timer). */
public final class Durations {

    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        count.increment();
        totalNanos.add(nanos);
        maxNanos.accumulate(nanos);
    }

    public long count() {
        return count.sum();
    }

    public double meanMillis() {
        long n = count.sum();
        return n == 0 ? 0 : totalNanos.sum() / 1e6 / n;
    }

    public double maxMillis() {
        return maxNanos.get() / 1e6;
    }
}
