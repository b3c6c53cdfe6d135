package dev.doorface.gateway;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.queue.CommandState;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jdbc.JdbcConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the terminal table current (registration, heartbeats, disconnection) and stores the users added at a
 * terminal. Access records have their own route, in YAML: {@code routes/access-events.yaml}.
 */
public class TerminalRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalRoutes.class);

    static final String JDBC = "jdbc:" + GatewayDatabase.DATASOURCE + "?useHeadersAsParameters=true";

    // Standard SQL MERGE, which H2 2.x and PostgreSQL 15+ both run (H2's MERGE ... KEY is H2 only); the CASTs give
    // the parameters a type where PostgreSQL cannot infer one (a null in VALUES); without a length, so that a value
    // too long for its column fails the statement instead of being cut.
    static final String UPSERT_TERMINAL = """
            MERGE INTO terminal t
            USING (VALUES (CAST(:?sn AS VARCHAR), CAST(:?ip AS VARCHAR), CAST(:?mac AS VARCHAR),
                           CAST(:?type AS VARCHAR), CAST(:?remoteAddress AS VARCHAR)))
                  AS r (sn, ip, mac, type, remote_address)
            ON t.sn = r.sn
            WHEN MATCHED THEN UPDATE SET ip = r.ip, mac = r.mac, type = r.type, online = TRUE,
                                         remote_address = r.remote_address, last_seen = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN INSERT (sn, ip, mac, type, online, remote_address, last_seen)
                                  VALUES (r.sn, r.ip, r.mac, r.type, TRUE, r.remote_address, CURRENT_TIMESTAMP)""";

    static final String UPSERT_TERMINAL_USER = """
            MERGE INTO terminal_user u
            USING (VALUES (CAST(:?sn AS VARCHAR), CAST(:?userId AS VARCHAR), CAST(:?eventId AS VARCHAR),
                           CAST(:?user AS VARCHAR), CAST(:?name AS VARCHAR), CAST(:?role AS VARCHAR),
                           CAST(:?photoPath AS VARCHAR)))
                  AS r (sn, user_id, event_id, user_name, name, role, photo_path)
            ON u.sn = r.sn AND u.user_id = r.user_id
            WHEN MATCHED THEN UPDATE SET event_id = r.event_id, user_name = r.user_name, name = r.name,
                                         role = r.role, photo_path = r.photo_path, added_at = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN INSERT (sn, user_id, event_id, user_name, name, role, photo_path, added_at)
                                  VALUES (r.sn, r.user_id, r.event_id, r.user_name, r.name, r.role, r.photo_path,
                                          CURRENT_TIMESTAMP)""";

    @Override
    public void configure() {
        from("{{doorface.endpoint}}&events=REGISTERED,HEARTBEAT,DISCONNECTED").routeId("terminal-status")
            .choice()
                .when(header(DoorfaceConstants.EVENT_KIND).isEqualTo("REGISTERED"))
                    .process(TerminalRoutes::registeredRow)
                    .setBody(constant(UPSERT_TERMINAL))
                    .to(JDBC)
                    .log("Terminal ${header.CamelDoorfaceDeviceSn} registered from ${header.CamelDoorfaceRemoteAddress}")
                    .wireTap(LiveRoutes.TERMINAL).executorService(LiveRoutes.EXECUTOR).end()
                .when(header(DoorfaceConstants.EVENT_KIND).isEqualTo("HEARTBEAT"))
                    .process(e -> sn(e, e.getMessage().getBody(HeartbeatEvent.class).sn()))
                    .setBody(constant("UPDATE terminal SET online = TRUE, last_seen = CURRENT_TIMESTAMP WHERE sn = :?sn"))
                    .to(JDBC)
                .when(header(DoorfaceConstants.EVENT_KIND).isEqualTo("DISCONNECTED"))
                    .process(e -> sn(e, e.getMessage().getBody(TerminalDisconnected.class).sn()))
                    .setBody(constant("UPDATE terminal SET online = FALSE, last_seen = CURRENT_TIMESTAMP WHERE sn = :?sn"))
                    .to(JDBC)
                    .log("Terminal ${header.CamelDoorfaceDeviceSn} disconnected: ${exchangeProperty.reason}")
                    .wireTap(LiveRoutes.TERMINAL).executorService(LiveRoutes.EXECUTOR).end()
            .end();

        // the end of every queued user change (commands.whenOffline=queue): a refused or expired one is a WARN line
        from("{{doorface.endpoint}}&events=COMMAND_RESULT").routeId("command-results")
            .process(TerminalRoutes::logCommandResult)
            .wireTap(LiveRoutes.COMMAND).executorService(LiveRoutes.EXECUTOR);

        from("{{doorface.endpoint}}&events=USER_ADDED").routeId("terminal-users")
            .setHeader(JdbcConstants.JDBC_PARAMETERS, method("photoStore", "terminalUserRow"))
            .setBody(constant(UPSERT_TERMINAL_USER))
            .to(JDBC)
            .log("User ${header.CamelDoorfaceUserId} added at terminal ${header.CamelDoorfaceDeviceSn}");
    }

    private static void logCommandResult(Exchange exchange) {
        CommandResultEvent r = exchange.getMessage().getBody(CommandResultEvent.class);
        String state = r.state().name().toLowerCase(Locale.ROOT);
        if (r.state() == CommandState.FAILED || r.state() == CommandState.EXPIRED) {
            LOG.warn("Queued {} of user {} for terminal {} {}: code {}, {}", r.operation(),
                    HrImport.fit(r.userId(), 80), r.sn(), state, r.answerCode(), HrImport.fit(r.answerMessage(), 300));
        } else {
            LOG.info("Queued {} of user {} for terminal {} {}", r.operation(), HrImport.fit(r.userId(), 80), r.sn(),
                    state);
        }
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
