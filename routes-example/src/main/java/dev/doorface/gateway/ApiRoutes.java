package dev.doorface.gateway;

import static dev.doorface.camel.DoorfaceOperation.addUser;
import static dev.doorface.camel.DoorfaceOperation.compareUser;
import static dev.doorface.camel.DoorfaceOperation.deleteUser;
import static dev.doorface.camel.DoorfaceOperation.editUser;
import static dev.doorface.camel.DoorfaceOperation.queryEvent;
import static dev.doorface.camel.DoorfaceOperation.selectUser;

import java.util.concurrent.atomic.AtomicInteger;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.InvalidCommandException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * The REST API (JSON, on api.port) over the embedded platform-http server. Commands go to the terminals through one
 * doorface producer endpoint; the operation and terminal are set as headers. Failures become HTTP statuses in
 * {@link Api#error}: 400 bad body or parameter, 404 terminal not connected (or command, terminal or HR import
 * unknown), 409 command no longer queued, reconcile running already or terminal to forget online, 502 terminal
 * answered an error, 503 terminal
 * disconnected mid-command, 504 no answer within doorface.requestTimeout.
 */
public class ApiRoutes extends RouteBuilder {

    /** Every command of the API goes through this endpoint: the same server as the consumers. */
    /** The users list or the event the terminal answered is the response body as it is. */
    private static final Processor ANSWER_AS_IS = exchange -> {
    };

    static final String TERMINALS = "{{doorface.endpoint}}&requestTimeout={{doorface.requestTimeout}}";
    /**
     * User changes (add, edit, delete: REST and HR file): with commands.whenOffline=queue a change for a terminal
     * that is offline is stored and sent when it returns, and a broadcast covers every known terminal.
     */
    static final String CHANGES = TERMINALS + "&whenOffline={{commands.whenOffline}}&commandStore=#"
                                  + GatewayCommands.STORE + "&commandTimeToLive={{commands.timeToLive}}";
    /** listCommands and cancelCommand on the gateway's command store. */
    static final String COMMANDS = "{{doorface.endpoint}}&commandStore=#" + GatewayCommands.STORE;

    @Override
    public void configure() {
        onException(Exception.class).handled(true)
            .process(Api::error)
            .to("direct:api-respond");

        rest("/api")
            .get("/devices").to("direct:api-devices")
            .delete("/devices/{sn}").to("direct:api-forget-device")
            .get("/hr-imports").to("direct:api-hr-imports")
            .get("/hr-imports/{id}").to("direct:api-hr-import")
            .get("/events").to("direct:api-events")
            .get("/events/{sn}/{eventid}/photo").to("direct:api-event-photo")
            .post("/users").to("direct:api-add-user-everywhere")
            .put("/users/{userId}").to("direct:api-edit-user-everywhere")
            .delete("/users/{userId}").to("direct:api-delete-user-everywhere")
            .post("/devices/{sn}/users").to("direct:api-add-user")
            .put("/devices/{sn}/users/{userId}").to("direct:api-edit-user")
            .delete("/devices/{sn}/users/{userId}").to("direct:api-delete-user")
            .get("/devices/{sn}/users").to("direct:api-select-users")
            .post("/devices/{sn}/compare").to("direct:api-compare")
            .get("/devices/{sn}/events/{eventid}").to("direct:api-query-event")
            .get("/devices/{sn}/commands").to("direct:api-list-commands")
            .delete("/devices/{sn}/commands/{commandId}").to("direct:api-cancel-command")
            .post("/devices/{sn}/reconcile").to("direct:api-reconcile");

        from("direct:api-devices").routeId("api-devices")
            .setBody(constant("""
                    SELECT sn AS "sn", ip AS "ip", mac AS "mac", type AS "type", online AS "online",
                           last_seen AS "lastSeen",
                           (SELECT COUNT(*) FROM doorface_command c WHERE c.sn = terminal.sn AND c.state = 'QUEUED')
                               AS "commandsWaiting"
                    FROM terminal ORDER BY sn"""))
            .to("jdbc:" + GatewayDatabase.DATASOURCE)
            // on a node of a cluster: online as the terminal directory says (any live node)
            .bean(OnlineTerminals.BEAN, "devices")
            .process(IsoTimestamps::rows)
            .to("direct:api-respond");

        // a terminal that is gone: out of table terminal and the store's known terminals, its queued commands
        // cancelled one by one (one sent meanwhile, the terminal being back, is left as it is)
        from("direct:api-forget-device").routeId("api-forget-device")
            .bean(GoneTerminals.BEAN, "forget")
            .to(COMMANDS)
            .split(method(GoneTerminals.BEAN, "queued"))
                .setHeader(DoorfaceConstants.OPERATION, constant(DoorfaceOperation.cancelCommand))
                .setHeader(DoorfaceConstants.COMMAND_ID, body())
                .doTry()
                    .to(COMMANDS)
                    .process(e -> e.getProperty(GoneTerminals.CANCELLED, AtomicInteger.class).incrementAndGet())
                .doCatch(InvalidCommandException.class)
                    .log(LoggingLevel.DEBUG,
                            "Command ${body} of forgotten terminal ${exchangeProperty.sn} no longer queued")
                .end()
            .end()
            .bean(GoneTerminals.BEAN, "answer")
            .to("direct:api-respond");

        from("direct:api-hr-imports").routeId("api-hr-imports")
            .bean(HrImports.BEAN, "list")
            .to("direct:api-respond");
        from("direct:api-hr-import").routeId("api-hr-import")
            .bean(HrImports.BEAN, "one")
            .to("direct:api-respond");

        // every event answered 200 before the request is in the answer (AccessJournal inserts behind the answers)
        from("direct:api-events").routeId("api-events")
            .bean(AccessEvents.BEAN, "awaitQueryable")
            .process(ApiEvents::query)
            .to("jdbc:" + GatewayDatabase.DATASOURCE + "?useHeadersAsParameters=true")
            .process(IsoTimestamps::rows)
            .process(EventPhotos::links)
            .to("direct:api-respond");

        // the JPEG itself, not JSON
        from("direct:api-event-photo").routeId("api-event-photo")
            .bean(AccessEvents.BEAN, "awaitQueryable")
            .bean(EventPhotos.BEAN, "respond");

        // every online terminal (with commands.whenOffline=queue: every known one): 200 with one result per terminal
        changeEverywhereRoute("api-add-user-everywhere", addUser);
        changeEverywhereRoute("api-edit-user-everywhere", editUser);
        changeEverywhereRoute("api-delete-user-everywhere", deleteUser);

        // one terminal: a change queues when the terminal is known and offline (202); the others fail (404)
        changeRoute("api-add-user", addUser);
        changeRoute("api-edit-user", editUser);
        changeRoute("api-delete-user", deleteUser);
        commandRoute("api-select-users", selectUser, ANSWER_AS_IS);
        commandRoute("api-compare", compareUser, Api::compareResult);
        commandRoute("api-query-event", queryEvent, ANSWER_AS_IS);

        // the commands stored for a terminal, and cancelling one still queued
        from("direct:api-list-commands").routeId("api-list-commands")
            .process(ApiCommands::listRequest)
            .to(COMMANDS)
            .process(ApiCommands::rows)
            .to("direct:api-respond");
        from("direct:api-cancel-command").routeId("api-cancel-command")
            .process(ApiCommands::listRequest)
            .to(COMMANDS)
            .process(ApiCommands::cancelRequest)
            .to(COMMANDS)
            .process(ApiCommands::row)
            .to("direct:api-respond");

        // one terminal brought in line with table person: only the difference is sent
        from("direct:api-reconcile").routeId("api-reconcile")
            .process(Api::reconcile)
            .bean(PersonStore.BEAN, "desiredUsers")
            .to(ReconcileRoutes.RECONCILE)
            .process(ReconcileSummary::json)
            .to("direct:api-respond");

        from("direct:api-respond").routeId("api-respond")
            .process(Api::response)
            .process(ApiJson::write)
            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }

    /** direct:ROUTE-ID: the command to the terminal named by the request, its result shaped, then the response. */
    private void commandRoute(String routeId, DoorfaceOperation operation, Processor result) {
        from("direct:" + routeId).routeId(routeId)
            .process(e -> Api.command(e, operation, false))
            .to(TERMINALS)
            .process(result)
            .to("direct:api-respond");
    }

    /** A user change on one terminal: queued when that terminal is known and offline, else sent or failed. */
    private void changeRoute(String routeId, DoorfaceOperation operation) {
        from("direct:" + routeId).routeId(routeId)
            .process(e -> Api.command(e, operation, false))
            .choice()
                .when(e -> e.getContext().getRegistry().lookupByNameAndType(GatewayCommands.BEAN, GatewayCommands.class)
                        .queuesFor(e.getMessage().getHeader(DoorfaceConstants.DEVICE_SN, String.class)))
                    .to(CHANGES)
                .otherwise()
                    .to(TERMINALS)
            .end()
            .process(Api::commandResult)
            .to("direct:api-respond");
    }

    /** A user change on every terminal: one result per terminal, offline ones queued (commands.whenOffline). */
    private void changeEverywhereRoute(String routeId, DoorfaceOperation operation) {
        from("direct:" + routeId).routeId(routeId)
            .process(e -> Api.command(e, operation, true))
            // who should be on the terminals (table person), before the change goes out
            .bean(PersonStore.BEAN, "apply")
            .to(CHANGES)
            .process(Api::terminalResults)
            .to("direct:api-respond");
    }
}
