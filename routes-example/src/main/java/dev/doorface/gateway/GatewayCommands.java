package dev.doorface.gateway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import dev.doorface.camel.queue.CommandStore;
import dev.doorface.camel.queue.JdbcCommandStore;

/**
 * The gateway's queue of user changes for terminals that are offline ({@code commands.whenOffline}): a
 * {@link JdbcCommandStore} in the gateway's own database (so queued commands survive a restart), and the answer to
 * "does a change for this terminal queue, or fail at once?".
 */
public final class GatewayCommands {

    /** Registry name of the command store, as the endpoints name it ({@code commandStore=#commandStore}). */
    public static final String STORE = "commandStore";
    /** Registry name of this bean. */
    public static final String BEAN = "gatewayCommands";

    private final CommandStore store;
    private final boolean queueing;

    /**
     * Creates the store's tables when missing and remembers every terminal of table {@code terminal}, so that a
     * database from before the queue existed knows its terminals as well.
     *
     * @param whenOffline {@code queue} or {@code fail} (the setting commands.whenOffline)
     */
    GatewayCommands(DataSource dataSource, String whenOffline) throws SQLException {
        String mode = whenOffline == null ? "" : whenOffline.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("queue") && !mode.equals("fail")) {
            throw new IllegalArgumentException("commands.whenOffline must be queue or fail, not '" + whenOffline + "'");
        }
        this.queueing = mode.equals("queue");
        this.store = new JdbcCommandStore(dataSource);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sn FROM terminal")) {
            while (rs.next()) {
                store.rememberTerminal(rs.getString(1));
            }
        }
    }

    public CommandStore store() {
        return store;
    }

    /** Whether user changes queue for offline terminals (commands.whenOffline=queue). */
    public boolean queueing() {
        return queueing;
    }

    /**
     * Whether a change for this one terminal is queued when it is offline: queueing is on and the terminal is known
     * (registered at least once). A serial number never seen fails at once (404), so a typo queues nothing.
     */
    public boolean queuesFor(String sn) {
        return queueing && store.knownTerminals().contains(sn);
    }
}
