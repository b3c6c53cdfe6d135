package dev.doorface.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.queue.CommandState;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.camel.queue.QueuedCommand;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code DELETE /api/devices/{sn}}: forgets a terminal that is gone. It leaves table terminal and the command store's
 * known terminals (so broadcasts no longer queue changes for it, nor does a restart bring it back), and its commands
 * still queued are cancelled through the producer's cancelCommand, as {@code DELETE .../commands/{id}} does. Refused
 * (409) while it is connected to the gateway (on a node of a cluster: to any live node) or, on a single node, table
 * terminal still says online; 404 when neither the table nor the
 * store knows it. Its access events stay. A terminal forgotten that registers again is known again.
 */
public class GoneTerminals {

    /** Registry name. */
    public static final String BEAN = "goneTerminals";
    /** Exchange property: how many queued commands were cancelled. */
    static final String CANCELLED = "apiCancelledCommands";

    private final DataSource dataSource;
    private final CommandStore store;
    private final OnlineTerminals online;

    /** @param online which terminals are connected (on a node of a cluster: to any live node) */
    GoneTerminals(DataSource dataSource, CommandStore store, OnlineTerminals online) {
        this.dataSource = dataSource;
        this.store = store;
        this.online = online;
    }

    /** Forgets the terminal {sn}, or fails (400, 404, 409); then asks for its commands (listCommands). */
    public void forget(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        String sn = TerminalSn.requireOne(in.getHeader("sn", String.class));
        if (online.connected(exchange.getContext(), sn)) {
            throw online(sn);
        }
        boolean inTable;
        try (Connection c = dataSource.getConnection()) {
            // only while offline: a registration meanwhile sets online and keeps the row. On a node of a cluster the
            // flag may be left on by a node that died: the directory said offline, and a registration meanwhile
            // (on any node) writes the row again
            String sql = online.fromDirectory() ? "DELETE FROM terminal WHERE sn = ?"
                    : "DELETE FROM terminal WHERE sn = ? AND NOT online";
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                delete.setString(1, sn);
                inTable = delete.executeUpdate() == 1;
            }
            if (!inTable) {
                try (PreparedStatement find = c.prepareStatement("SELECT online FROM terminal WHERE sn = ?")) {
                    find.setString(1, sn);
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) {
                            throw online(sn);
                        }
                    }
                }
            }
        }
        boolean inStore = store.forgetTerminal(sn);
        if (!inTable && !inStore) {
            throw new ApiStatusException(404, "no terminal " + sn);
        }
        exchange.setProperty("sn", sn);
        exchange.setProperty(CANCELLED, new AtomicInteger());
        in.removeHeaders("CamelDoorface*");
        in.setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.listCommands);
        in.setHeader(DoorfaceConstants.DEVICE_SN, sn);
        in.setBody(null);
    }

    /** The ids of the listed commands still queued. */
    public List<String> queued(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<QueuedCommand> commands = exchange.getMessage().getBody(List.class);
        return commands.stream().filter(c -> c.state() == CommandState.QUEUED).map(QueuedCommand::id).toList();
    }

    /** The answer: {sn, forgotten: true, cancelled: the number of queued commands cancelled}. */
    public void answer(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sn", exchange.getProperty("sn", String.class));
        body.put("forgotten", true);
        body.put("cancelled", exchange.getProperty(CANCELLED, AtomicInteger.class).get());
        exchange.getMessage().setBody(body);
    }

    private static ApiStatusException online(String sn) {
        return new ApiStatusException(409, "terminal " + sn + " is online: only a terminal that is gone can be"
                                           + " forgotten");
    }
}
