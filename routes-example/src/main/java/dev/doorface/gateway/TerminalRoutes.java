package dev.doorface.gateway;

import java.util.HashMap;
import java.util.Map;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalRegistered;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jdbc.JdbcConstants;

/**
 * Keeps the terminal table current (registration, heartbeats, disconnection) and stores the users added at a
 * terminal. Access records have their own route, in YAML: {@code routes/access-events.yaml}.
 */
public class TerminalRoutes extends RouteBuilder {

    static final String JDBC = "jdbc:" + GatewayDatabase.DATASOURCE + "?useHeadersAsParameters=true";

    @Override
    public void configure() {
        from("{{doorface.endpoint}}&events=REGISTERED,HEARTBEAT,DISCONNECTED").routeId("terminal-status")
            .choice()
                .when(header(DoorfaceConstants.EVENT_KIND).isEqualTo("REGISTERED"))
                    .process(TerminalRoutes::registeredRow)
                    .setBody(constant("""
                            MERGE INTO terminal (sn, ip, mac, type, online, remote_address, last_seen) KEY (sn)
                            VALUES (:?sn, :?ip, :?mac, :?type, TRUE, :?remoteAddress, CURRENT_TIMESTAMP)"""))
                    .to(JDBC)
                    .log("Terminal ${header.CamelDoorfaceDeviceSn} registered from ${header.CamelDoorfaceRemoteAddress}")
                .when(header(DoorfaceConstants.EVENT_KIND).isEqualTo("HEARTBEAT"))
                    .process(e -> sn(e, e.getMessage().getBody(HeartbeatEvent.class).sn()))
                    .setBody(constant("UPDATE terminal SET online = TRUE, last_seen = CURRENT_TIMESTAMP WHERE sn = :?sn"))
                    .to(JDBC)
                .when(header(DoorfaceConstants.EVENT_KIND).isEqualTo("DISCONNECTED"))
                    .process(e -> sn(e, e.getMessage().getBody(TerminalDisconnected.class).sn()))
                    .setBody(constant("UPDATE terminal SET online = FALSE, last_seen = CURRENT_TIMESTAMP WHERE sn = :?sn"))
                    .to(JDBC)
                    .log("Terminal ${header.CamelDoorfaceDeviceSn} disconnected: ${exchangeProperty.reason}")
            .end();

        from("{{doorface.endpoint}}&events=USER_ADDED").routeId("terminal-users")
            .setHeader(JdbcConstants.JDBC_PARAMETERS, method("photoStore", "terminalUserRow"))
            .setBody(constant("""
                    MERGE INTO terminal_user (sn, user_id, event_id, user_name, name, role, photo_path, added_at)
                    KEY (sn, user_id)
                    VALUES (:?sn, :?userId, :?eventId, :?user, :?name, :?role, :?photoPath, CURRENT_TIMESTAMP)"""))
            .to(JDBC)
            .log("User ${header.CamelDoorfaceUserId} added at terminal ${header.CamelDoorfaceDeviceSn}");
    }

    private static void registeredRow(Exchange exchange) {
        TerminalRegistered t = exchange.getMessage().getBody(TerminalRegistered.class);
        Map<String, Object> row = new HashMap<>();
        row.put("sn", t.sn());
        row.put("ip", t.ip());
        row.put("mac", t.mac());
        row.put("type", t.type());
        row.put("remoteAddress", t.remoteAddress());
        exchange.getMessage().setHeader(JdbcConstants.JDBC_PARAMETERS, row);
    }

    private static void sn(Exchange exchange, String sn) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof TerminalDisconnected d) {
            exchange.setProperty("reason", d.reason());
        }
        Map<String, Object> row = new HashMap<>();
        row.put("sn", sn);
        exchange.getMessage().setHeader(JdbcConstants.JDBC_PARAMETERS, row);
    }
}
