package dev.doorface.gateway;

import static dev.doorface.camel.DoorfaceOperation.addUser;
import static dev.doorface.camel.DoorfaceOperation.compareUser;
import static dev.doorface.camel.DoorfaceOperation.deleteUser;
import static dev.doorface.camel.DoorfaceOperation.editUser;
import static dev.doorface.camel.DoorfaceOperation.queryEvent;
import static dev.doorface.camel.DoorfaceOperation.selectUser;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The REST API (JSON, on api.port) over the embedded platform-http server. Commands go to the terminals through one
 * doorface producer endpoint; the operation and terminal are set as headers. Failures become HTTP statuses in
 * {@link Api#error}: 400 bad body, 404 terminal not connected, 502 terminal answered an error, 503 terminal
 * disconnected mid-command, 504 no answer within doorface.requestTimeout.
 */
public class ApiRoutes extends RouteBuilder {

    /** Every command of the API goes through this endpoint: the same server as the consumers. */
    static final String TERMINALS = "{{doorface.endpoint}}?requestTimeout={{doorface.requestTimeout}}";

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
                           FORMATDATETIME(last_seen, 'yyyy-MM-dd''T''HH:mm:ss.SSSXXX') AS "lastSeen"
                    FROM terminal ORDER BY sn"""))
            .to("jdbc:" + GatewayDatabase.DATASOURCE)
            .to("direct:api-respond");

        from("direct:api-events").routeId("api-events")
            .process(Api::eventsQuery)
            .to("jdbc:" + GatewayDatabase.DATASOURCE + "?useHeadersAsParameters=true")
            .to("direct:api-respond");

        // every online terminal: 200 with one result per terminal
        from("direct:api-add-user-everywhere").routeId("api-add-user-everywhere")
            .process(e -> Api.command(e, addUser, true))
            .to(TERMINALS).process(Api::terminalResults).to("direct:api-respond");
        from("direct:api-edit-user-everywhere").routeId("api-edit-user-everywhere")
            .process(e -> Api.command(e, editUser, true))
            .to(TERMINALS).process(Api::terminalResults).to("direct:api-respond");
        from("direct:api-delete-user-everywhere").routeId("api-delete-user-everywhere")
            .process(e -> Api.command(e, deleteUser, true))
            .to(TERMINALS).process(Api::terminalResults).to("direct:api-respond");

        // one terminal
        from("direct:api-add-user").routeId("api-add-user")
            .process(e -> Api.command(e, addUser, false))
            .to(TERMINALS).process(Api::commandResult).to("direct:api-respond");
        from("direct:api-edit-user").routeId("api-edit-user")
            .process(e -> Api.command(e, editUser, false))
            .to(TERMINALS).process(Api::commandResult).to("direct:api-respond");
        from("direct:api-delete-user").routeId("api-delete-user")
            .process(e -> Api.command(e, deleteUser, false))
            .to(TERMINALS).process(Api::commandResult).to("direct:api-respond");
        from("direct:api-select-users").routeId("api-select-users")
            .process(e -> Api.command(e, selectUser, false))
            .to(TERMINALS).to("direct:api-respond");
        from("direct:api-compare").routeId("api-compare")
            .process(e -> Api.command(e, compareUser, false))
            .to(TERMINALS).process(Api::compareResult).to("direct:api-respond");
        from("direct:api-query-event").routeId("api-query-event")
            .process(e -> Api.command(e, queryEvent, false))
            .to(TERMINALS).to("direct:api-respond");

        from("direct:api-respond").routeId("api-respond")
            .process(Api::response)
            .marshal().json()
            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }
}
