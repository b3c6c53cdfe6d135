package dev.doorface.camel.metrics;

/** Where a measured duration goes besides the gateway's own statistics (a Micrometer timer). */
@FunctionalInterface
public interface NanoRecorder {

    void record(long nanos);
}
