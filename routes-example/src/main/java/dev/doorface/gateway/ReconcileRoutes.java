package dev.doorface.gateway;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.ReconcileRunningException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * Brings the connected terminals in line with table person every {@code reconcile.interval} milliseconds (0: off,
 * the route is not started). The timer is synchronous: its single thread runs one round to its end before the next
 * is scheduled (fixed delay), so two rounds never overlap. Terminals are reconciled one after another; one busy with
 * another reconcile (e.g. a REST call) is skipped until the next round. On a node of a cluster one node at a time
 * runs the rounds (Camel's {@code master:}), over the terminals of every live node.
 */
public class ReconcileRoutes extends RouteBuilder {

    /**
     * The reconcile endpoint of the REST call and of the scheduled route: a reconcile reads every user of the
     * terminal and may send many commands, so it has its own timeout and pace.
     */
    static final String RECONCILE = "{{doorface.endpoint}}&operation=reconcile"
                                    + "&requestTimeout={{reconcile.requestTimeout}}&reconcileRate={{reconcile.rate}}";

    @Override
    public void configure() {
        long interval = Long.parseLong(getContext().resolvePropertyPlaceholders("{{reconcile.interval}}").trim());
        if (interval < 0) {
            throw new IllegalArgumentException("reconcile.interval must be 0 (off) or a number of milliseconds, not "
                                               + interval);
        }
        // on a node of a cluster, one node at a time runs the rounds (master:), over the terminals of every node
        RouteDefinition route = from(ClusterSettings.oneNodeAtATime(getContext(), "reconcile-terminals",
                "timer:reconcile?period={{reconcile.interval}}&delay={{reconcile.interval}}&synchronous=true"))
            .routeId("reconcile-terminals")
            .autoStartup(interval > 0);
        if (ClusterSettings.on(getContext())) {
            // every terminal of every live node (the directory: the table's flags may be stale on a cluster)
            route.bean(OnlineTerminals.BEAN, "rows");
        } else {
            route.setBody(constant("SELECT sn AS \"sn\" FROM terminal WHERE online = TRUE ORDER BY sn"))
                .to("jdbc:" + GatewayDatabase.DATASOURCE);
        }
        route.split(body())
                .setHeader(DoorfaceConstants.DEVICE_SN, simple("${body[sn]}"))
                .setHeader(DoorfaceConstants.OPERATION, constant(DoorfaceOperation.reconcile))
                .doTry()
                    // read again for every terminal: a round over many terminals sees HR's latest changes
                    .bean(PersonStore.BEAN, "desiredUsers")
                    .to(RECONCILE)
                    .process(ReconcileSummary::log)
                // busy with another reconcile (running already), or gone since the list was read
                .doCatch(ReconcileRunningException.class, TerminalNotConnectedException.class)
                    .process(ReconcileSummary::skipped)
                .doCatch(Exception.class)
                    .process(ReconcileSummary::failed)
                .end()
            .end();
    }
}
