package dev.doorface.gateway;

import static dev.doorface.camel.DoorfaceOperation.addUser;
import static dev.doorface.camel.DoorfaceOperation.compareUser;
import static dev.doorface.camel.DoorfaceOperation.deleteUser;
import static dev.doorface.camel.DoorfaceOperation.editUser;
import static dev.doorface.camel.DoorfaceOperation.queryEvent;
import static dev.doorface.camel.DoorfaceOperation.selectUser;

import dev.doorface.camel.DoorfaceOperation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * The REST API (JSON, on api.port) over the embedded platform-http server. Commands go to the terminals through one
 * doorface producer endpoint; the operation and terminal are set as headers. Failures become HTTP statuses in
 * {@link Api#error}: 400 bad body, 404 terminal not connected, 502 terminal answered an error, 503 terminal
 * disconnected mid-command, 504 no answer within doorface.requestTimeout.
 */
public class ApiRoutes extends RouteBuilder {

    /** Every command of the API goes through this endpoint: the same server as the consumers. */
    /** The users list or the event the terminal answered is the response body as it is. */
    private static final Processor ANSWER_AS_IS = exchange -> {
    };

    static final String TERMINALS = "{{doorface.endpoint}}&requestTimeout={{doorface.requestTimeout}}";

    @Override
    public void configure() {
        onException(Exception.class).handled(true)
            .process(Api::error)
            .to("direct:api-respond");

        rest("/api")
            .get("/devices").to("direct:api-devices")
            .get("/events").to("direct:api-events")
            .post("/users").to("direct:api-add-user-everywhere")
            .put("/users/{userId}").to("direct:api-edit-user-everywhere")
            .delete("/users/{userId}").to("direct:api-delete-user-everywhere")
            .post("/devices/{sn}/users").to("direct:api-add-user")
            .put("/devices/{sn}/users/{userId}").to("direct:api-edit-user")
            .delete("/devices/{sn}/users/{userId}").to("direct:api-delete-user")
            .get("/devices/{sn}/users").to("direct:api-select-users")
            .post("/devices/{sn}/compare").to("direct:api-compare")
            .get("/devices/{sn}/events/{eventid}").to("direct:api-query-event");

        from("direct:api-devices").routeId("api-devices")
            .setBody(constant("""
                    SELECT sn AS "sn", ip AS "ip", mac AS "mac", type AS "type", online AS "online",
                           last_seen AS "lastSeen"
                    FROM terminal ORDER BY sn"""))
            .to("jdbc:" + GatewayDatabase.DATASOURCE)
            .process(IsoTimestamps::rows)
            .to("direct:api-respond");

        from("direct:api-events").routeId("api-events")
            .process(Api::eventsQuery)
            .to("jdbc:" + GatewayDatabase.DATASOURCE + "?useHeadersAsParameters=true")
            .process(IsoTimestamps::rows)
            .to("direct:api-respond");

        // every online terminal: 200 with one result per terminal
        commandRoute("api-add-user-everywhere", addUser, true, Api::terminalResults);
        commandRoute("api-edit-user-everywhere", editUser, true, Api::terminalResults);
        commandRoute("api-delete-user-everywhere", deleteUser, true, Api::terminalResults);

        // one terminal
        commandRoute("api-add-user", addUser, false, Api::commandResult);
        commandRoute("api-edit-user", editUser, false, Api::commandResult);
        commandRoute("api-delete-user", deleteUser, false, Api::commandResult);
        commandRoute("api-select-users", selectUser, false, ANSWER_AS_IS);
        commandRoute("api-compare", compareUser, false, Api::compareResult);
        commandRoute("api-query-event", queryEvent, false, ANSWER_AS_IS);

        from("direct:api-respond").routeId("api-respond")
            .process(Api::response)
            .process(ApiJson::write)
            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }

    /** direct:ROUTE-ID: the command to the terminal(s) named by the request, its result shaped, then the response. */
    private void commandRoute(String routeId, DoorfaceOperation operation, boolean everywhere, Processor result) {
        from("direct:" + routeId).routeId(routeId)
            .process(e -> Api.command(e, operation, everywhere))
            .to(TERMINALS)
            .process(result)
            .to("direct:api-respond");
    }
}
