package dev.doorface.gateway;

import java.util.List;
import java.util.Map;

import dev.doorface.camel.DoorfaceConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Stores each batch straight into access_event: its snapshots first (PhotoStore), then its rows in one transaction
 * (AccessEventBatch), and the route completes once they are committed. The way on PostgreSQL, whose commit flushes its
 * write-ahead log and updates its indexes in place, and on a node of a cluster, whose rows every node must see at
 * once. A stored row is queryable at once.
 */
public class DirectAccessEvents implements AccessEvents {

    private final PhotoStore photos;
    private final AccessEventBatch batch;

    public DirectAccessEvents(PhotoStore photos, AccessEventBatch batch) {
        this.photos = photos;
        this.batch = batch;
    }

    @Override
    public void store(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        List<Map<String, Object>> rows = photos.accessEventRows(in.getBody());
        in.setBody(rows);
        in.setHeader(DoorfaceConstants.FAILED_EVENTS, batch.insert(rows));
    }

    @Override
    public void awaitQueryable() {
        // committed before the route completed
    }
}
