package dev.doorface.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.MessageHandler;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;

/**
 * One node's NATS connection and its two subscriptions: commands and control messages for this node
 * ({@code <cluster>.node.<epoch>.command|control}), and the replies to the commands it sent
 * ({@code <cluster>.reply.<epoch>.<request>}). A subject per node, not per terminal: the directory already says which
 * node holds a terminal, the subscriptions stay two whatever the number of terminals (no subscribe and unsubscribe
 * for each of thousands of terminals registering at once), and a terminal moving between nodes never has two nodes
 * listening for it. Every subject starts with the cluster's name, so clusters sharing a NATS server never meet.
 * Core NATS, not JetStream: nothing here must outlive a node, since queued commands are kept in the database.
 */
final class NodeBus implements AutoCloseable {

    private final Connection connection;
    private final String cluster;
    private final long epoch;
    private Dispatcher dispatcher;

    NodeBus(String url, String cluster, long epoch, String connectionName) throws IOException, InterruptedException {
        this.cluster = cluster;
        this.epoch = epoch;
        Options options = new Options.Builder().server(url).connectionName(connectionName)
                .connectionTimeout(Duration.ofSeconds(5))
                // a NATS restart must not end a gateway's membership: keep trying, commands fail meanwhile
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(500))
                .build();
        this.connection = Nats.connect(options);
    }

    /** Starts receiving: commands and control messages for this node, and replies to its own commands. */
    void listen(MessageHandler commands, MessageHandler control, MessageHandler replies)
            throws TimeoutException, InterruptedException {
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe(commandSubject(epoch), commands);
        dispatcher.subscribe(controlSubject(epoch), control);
        dispatcher.subscribe(cluster + ".reply." + epoch + ".*", replies);
        // the subscriptions are on the server before anyone learns this node's epoch
        connection.flush(Duration.ofSeconds(5));
    }

    String commandSubject(long node) {
        return cluster + ".node." + node + ".command";
    }

    String controlSubject(long node) {
        return cluster + ".node." + node + ".control";
    }

    String replySubject(long request) {
        return cluster + ".reply." + epoch + "." + request;
    }

    /** The request number at the end of a reply subject, or -1. */
    static long requestOf(String replySubject) {
        int dot = replySubject.lastIndexOf('.');
        try {
            return Long.parseLong(replySubject.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void publish(String subject, String replyTo, Headers headers, byte[] body) {
        connection.publish(subject, replyTo, headers, body);
    }

    /** The largest message the server takes. */
    long maxPayload() {
        return connection.getMaxPayload();
    }

    boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
