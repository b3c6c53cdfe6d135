package dev.doorface.gateway;

import org.apache.camel.Exchange;

/**
 * How routes/access-events.yaml stores a batch of access records (bean {@value #BEAN}), and how the REST API waits
 * for what was stored to be queryable. Two ways: {@link AccessJournal} on the gateway's own H2 database (the default),
 * {@link DirectAccessEvents} on PostgreSQL and on a node of a cluster.
 */
public interface AccessEvents {

    /** Registry name, as routes/access-events.yaml and the REST API refer to it. */
    String BEAN = "accessEvents";

    /**
     * Stores the batch (the body: a List of AccessEvent, or one AccessEvent when access.batchSize is 1) so that it
     * survives the gateway being killed the next instant, and returns only then. Sets the body to the batch's
     * access_event rows (same order) and the header CamelDoorfaceFailedEvents to the indexes of the events that were
     * not stored (their terminals are answered 500 and report them again).
     */
    void store(Exchange exchange) throws Exception;

    /**
     * Returns once every access event stored before the call can be queried (GET /api/events and its photos), or
     * after a few seconds when the database does not keep up.
     */
    void awaitQueryable() throws InterruptedException;
}
