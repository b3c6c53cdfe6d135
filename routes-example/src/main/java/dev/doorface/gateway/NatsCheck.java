package dev.doorface.gateway;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * Before a node joins its cluster: is there a NATS server at {@code cluster.bus}? Without one the join would fail
 * deep inside Camel's start with a stack trace; this says so in one line.
 */
final class NatsCheck {

    private NatsCheck() {
    }

    /** Connects once and closes again, or fails with a {@link GatewayStartupException}. */
    static void reachable(String bus) {
        Options options = new Options.Builder().server(bus).connectionName("doorface-startup-check")
                .connectionTimeout(Duration.ofSeconds(3)).maxReconnects(0)
                // the failure is told below, in one line; the client's own listener would log each attempt
                .errorListener(new ErrorListener() {
                }).build();
        try {
            Connection connection = Nats.connect(options);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayStartupException("interrupted while connecting to cluster.bus " + bus);
        } catch (Exception e) {
            throw new GatewayStartupException("No NATS server answers at cluster.bus=" + bus + " (" + e.getMessage()
                                              + "): start it, or correct -Dcluster.bus (empty for a single gateway)");
        }
    }
}
