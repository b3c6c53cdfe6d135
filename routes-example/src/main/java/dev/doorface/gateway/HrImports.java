package dev.doorface.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Table hr_import: one row per HR file whose rows were read, written when its import starts and when it ends; its
 * hr_result rows reference it. Read by {@code GET /api/hr-imports} and {@code GET /api/hr-imports/{id}}.
 *
 * <p>{@code failedRows} counts the rows that did not succeed (or queue) on every terminal: a finished import stores
 * it, a running one is counted from its results so far. An import a stopped gateway left running is finished on the
 * next start ({@link #END_RUNNING}), its rows without a result counted as failed; its file, not moved, is
 * imported again as a new import.
 */
public class HrImports {

    /** Registry name. */
    public static final String BEAN = "hrImports";
    /** Exchange property: the id of the import of the file being read. */
    public static final String ID = "hrImportId";

    /** The rows of an import that succeeded on every terminal: those with results, none of them failed. */
    private static final String ROWS_OK = """
            (SELECT COUNT(DISTINCT r.line) FROM hr_result r WHERE r.import_id = hr_import.id
              AND NOT EXISTS (SELECT 1 FROM hr_result f WHERE f.import_id = r.import_id AND f.line = r.line
                              AND NOT f.ok))""";
    /**
     * Ends the imports still running; run on start (GatewayDatabase: nothing is imported by a gateway that is
     * starting), and for one import when its file is done ({@link #finish}).
     */
    static final String END_RUNNING = "UPDATE hr_import SET finished_at = CURRENT_TIMESTAMP,"
                                      + " failed_rows = row_count - " + ROWS_OK + " WHERE finished_at IS NULL";

    private static final String COLUMNS = """
            SELECT i.id, i.file_name, i.started_at, i.finished_at, i.row_count,
                   CASE WHEN i.finished_at IS NULL
                        THEN (SELECT COUNT(DISTINCT r.line) FROM hr_result r WHERE r.import_id = i.id AND NOT r.ok)
                        ELSE i.failed_rows END
            FROM hr_import i\s""";

    private final DataSource dataSource;
    private final boolean clusterNode;

    public HrImports(DataSource dataSource) {
        this(dataSource, false);
    }

    /**
     * @param clusterNode a node of a cluster: an import still running when the next starts is ended then, not when a
     *                    node starts (the node importing, the one the HR drop runs on, may be another one)
     */
    public HrImports(DataSource dataSource, boolean clusterNode) {
        this.dataSource = dataSource;
        this.clusterNode = clusterNode;
    }

    /** The file's rows were read: its import starts (row hr_import), its id in the exchange property {@link #ID}. */
    public void start(Exchange exchange) throws SQLException {
        String file = HrImport.fit(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class),
                HrImport.FILE_NAME_CHARS);
        int rows = exchange.getMessage().getBody(List.class).size();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO hr_import (file_name, row_count) VALUES (?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            if (clusterNode) {
                // one node at a time takes HR files, one file at a time: one still running was left by a node that
                // died (or lost the lead) mid-file
                try (Statement end = c.createStatement()) {
                    end.executeUpdate(END_RUNNING);
                }
            }
            ps.setString(1, file);
            ps.setInt(2, rows);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                exchange.setProperty(ID, keys.getLong(1));
            }
        }
    }

    /** Every row was tried (or the import broke off): the import ends, its failed rows counted. */
    public void finish(Exchange exchange) throws SQLException {
        Long id = exchange.getProperty(ID, Long.class);
        if (id == null) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(END_RUNNING + " AND id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** GET /api/hr-imports?before=&limit=: the imports, newest first. */
    public void list(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        int limit = ApiParams.limit(in);
        Long before = ApiParams.id(in, "before");
        String sql = COLUMNS + (before == null ? "" : "WHERE i.id < ? ") + "ORDER BY i.id DESC FETCH FIRST ? ROWS ONLY";
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            if (before != null) {
                ps.setLong(p++, before);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        in.setBody(out);
    }

    /** GET /api/hr-imports/{id}: the import with its results per row and terminal, in line order; 404 if none. */
    public void one(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        long id = ApiParams.pathId(in, "id");
        Map<String, Object> found;
        List<Map<String, Object>> results = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(COLUMNS + "WHERE i.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new ApiStatusException(404, "no HR import " + id);
                    }
                    found = row(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT line, action, user_id, sn, ok, code, message"
                                                           + " FROM hr_result WHERE import_id = ? ORDER BY line, id")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("line", rs.getInt(1));
                        r.put("action", rs.getString(2));
                        r.put("userId", rs.getString(3));
                        r.put("sn", rs.getString(4));
                        r.put("ok", rs.getBoolean(5));
                        r.put("code", rs.getString(6));
                        r.put("message", rs.getString(7));
                        results.add(r);
                    }
                }
            }
        }
        found.put("results", results);
        in.setBody(found);
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong(1));
        m.put("fileName", rs.getString(2));
        m.put("startedAt", IsoTimestamps.iso(rs.getObject(3)));
        Object finished = rs.getObject(4);
        m.put("finishedAt", IsoTimestamps.iso(finished));
        m.put("rows", rs.getInt(5));
        m.put("failedRows", rs.getInt(6));
        m.put("state", finished == null ? "running" : "done");
        return m;
    }
}
