package dev.doorface.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.DoorfaceProducer;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.QueuedCommandResult;
import dev.doorface.camel.model.TerminalResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java behind the HR file drop: CSV records to commands, command results to hr_result rows.
 *
 * <p>CSV columns (first line is the header, in any order): {@code action,userId,user,name,pwd,role,photo}, action
 * being add, edit or delete and photo the name of a JPEG file beside the CSV. The file is UTF-8, with or without the
 * byte-order mark Excel writes ("CSV UTF-8").
 */
public class HrImport {

    private static final Logger LOG = LoggerFactory.getLogger(HrImport.class);

    /** The byte-order mark as the UTF-8 decoder leaves it at the start of the first header name. */
    private static final String BOM = "\uFEFF";
    /** What a log line shows of a value from the file or a terminal at most; they can hold anything. */
    private static final int LOGGED_CHARS = 80;
    private static final int LOGGED_MESSAGE_CHARS = 300;

    // the sizes of hr_result's columns (GatewayDatabase): a value from the file or a terminal is cut to fit, so that
    // a bad row is always recorded, however long its fields
    static final int FILE_NAME_CHARS = 255;
    static final int ACTION_CHARS = 16;
    static final int USER_ID_CHARS = 64;
    static final int SN_CHARS = 64;
    static final int CODE_CHARS = 16;
    static final int MESSAGE_CHARS = 1000;

    /** The code of an hr_result row whose command was queued for a terminal offline. */
    static final String QUEUED = "queued";
    /** The drop folder, under data.dir. */
    public static final String INBOX = "hr-inbox";
    /** Exchange property: the count of failed rows/terminals of the file being imported. */
    public static final String FAILURES = "hrFailures";

    static final List<String> COLUMNS = List.of("action", "userId", "user", "name", "pwd", "role", "photo");

    /**
     * One data line of the file.
     *
     * @param problem why the line cannot be applied, or null
     */
    public record Row(int line, String action, Map<String, String> fields, String problem) {

        String userId() {
            return fields.get("userId");
        }

        /** Never shows the password; values from the file are shortened. */
        @Override
        public String toString() {
            return "line " + line + " (" + fit(action, LOGGED_CHARS) + " userId=" + fit(userId(), LOGGED_CHARS) + ")";
        }
    }

    /** A row that cannot be applied; the other rows go on. */
    public static class RowException extends Exception {
        public RowException(String message) {
            super(message);
        }
    }

    /** Some rows of a file failed: the file is moved to the failed folder. */
    public static class FileFailedException extends Exception {
        public FileFailedException(String message) {
            super(message);
        }
    }

    private final Path inbox;

    public HrImport(Path dataDir) {
        this.inbox = dataDir.resolve(INBOX);
    }

    /**
     * The CSV records (header first) as rows; a record that does not fit the header is a row with a problem.
     *
     * @throws FileFailedException when the file has no data row (empty, or a header only)
     */
    public List<Row> rows(List<List<String>> records, Exchange exchange) throws FileFailedException {
        exchange.setProperty(FAILURES, new AtomicInteger());
        List<Row> rows = new ArrayList<>();
        if (records == null || records.isEmpty()) {
            throw new FileFailedException("HR file " + fileName(exchange) + " is empty");
        }
        List<String> header = new ArrayList<>(records.get(0).stream().map(h -> h == null ? "" : h.trim()).toList());
        // Excel's "CSV UTF-8" starts with a byte-order mark, which would otherwise hide the first column's name
        if (header.get(0).startsWith(BOM)) {
            header.set(0, header.get(0).substring(BOM.length()).trim());
        }
        // action and userId are needed by every row; the other columns by add and edit rows only
        List<String> missing = List.of("action", "userId").stream()
                .filter(c -> header.stream().noneMatch(c::equalsIgnoreCase)).toList();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            int line = i + 1;
            if (record.size() == 1 && (record.get(0) == null || record.get(0).isBlank())) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int c = 0; c < header.size() && c < record.size(); c++) {
                String column = canonical(header.get(c));
                String value = record.get(c) == null ? "" : record.get(c).trim();
                if (column != null && !value.isEmpty()) {
                    fields.put(column, value);
                }
            }
            String action = fields.getOrDefault("action", "").toLowerCase(Locale.ROOT);
            String problem = null;
            if (!missing.isEmpty()) {
                problem = "the header lacks the column(s) " + missing;
            } else if (record.size() != header.size()) {
                problem = "has " + record.size() + " fields, the header " + header.size();
            } else if (!List.of("add", "edit", "delete").contains(action)) {
                problem = "action must be add, edit or delete, not '"
                          + fit(fields.getOrDefault("action", ""), LOGGED_CHARS) + "'";
            } else if (fields.get("userId") == null) {
                problem = "userId is empty";
            }
            rows.add(new Row(line, action, fields, problem));
        }
        if (rows.isEmpty()) {
            throw new FileFailedException("HR file " + fileName(exchange) + " has a header but no rows");
        }
        return rows;
    }

    /** The file could not be parsed as CSV: it fails as a whole, with the parser's reason, logged once. */
    public void notCsv(Exchange exchange) throws FileFailedException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable reason = e;
        while (reason != null && reason.getCause() != null && reason.getCause() != reason) {
            reason = reason.getCause();
        }
        String message = "HR file " + fileName(exchange) + " is not valid CSV: "
                         + (reason == null ? "unreadable" : fit(reason.getMessage(), LOGGED_MESSAGE_CHARS));
        // logged here: an exception thrown in a doCatch block does not reach the route's onException
        LOG.warn("{}; moved to hr-inbox/failed", message);
        throw new FileFailedException(message);
    }

    private static String canonical(String column) {
        for (String c : COLUMNS) {
            if (c.equalsIgnoreCase(column)) {
                return c;
            }
        }
        return null;
    }

    /** Sets up the command of a row for every terminal (online, or known and offline: queued), or fails the row. */
    public void toCommand(Row row, Exchange exchange) throws RowException, IOException {
        if (row.problem() != null) {
            throw new RowException(row.problem());
        }
        Message in = exchange.getMessage();
        DoorfaceOperation operation;
        Map<String, Object> body = new LinkedHashMap<>();
        switch (row.action()) {
            case "add" -> {
                operation = DoorfaceOperation.addUser;
                copyUser(row, body);
                if (!body.containsKey("img")) {
                    throw new RowException("add needs a photo");
                }
            }
            case "edit" -> {
                operation = DoorfaceOperation.editUser;
                copyUser(row, body);
            }
            default -> {
                operation = DoorfaceOperation.deleteUser;
                body.put("userId", row.userId());
                if (row.fields().get("name") != null) {
                    body.put("name", row.fields().get("name"));
                }
            }
        }
        in.removeHeaders("CamelDoorface*");
        in.setHeader(DoorfaceConstants.OPERATION, operation);
        in.setHeader(DoorfaceConstants.DEVICE_SN, DoorfaceProducer.ALL_TERMINALS);
        in.setBody(body);
    }

    private void copyUser(Row row, Map<String, Object> body) throws RowException, IOException {
        for (String field : List.of("user", "userId", "pwd", "name", "role")) {
            String value = row.fields().get(field);
            if (value != null) {
                body.put(field, value);
            }
        }
        String photo = row.fields().get("photo");
        if (photo != null) {
            if (!photo.matches("[A-Za-z0-9][A-Za-z0-9._ -]*")) {
                throw new RowException("photo must be a plain file name beside the CSV, not '" + photo + "'");
            }
            Path file = inbox.resolve(photo);
            if (!Files.isRegularFile(file)) {
                throw new RowException("photo " + photo + " not found beside the CSV");
            }
            body.put("img", Images.encode(Files.readAllBytes(file)));
        }
    }

    /** The per-terminal results of a row as hr_result rows. */
    public List<Map<String, Object>> results(Row row, List<TerminalResult> results, Exchange exchange) {
        AtomicInteger failures = exchange.getProperty(FAILURES, AtomicInteger.class);
        List<Map<String, Object>> out = new ArrayList<>();
        if (results.isEmpty()) {
            failures.incrementAndGet();
            LOG.warn("HR file {} {} failed: no terminal online or known", fileName(exchange), row);
            out.add(result(exchange, row, null, false, null, "no terminal online or known"));
        }
        for (TerminalResult r : results) {
            if (r.result() instanceof QueuedCommandResult q) {
                // the terminal is offline: the command waits for it in the command store
                out.add(result(exchange, row, r.sn(), true, QUEUED, "queued as command " + q.commandId()));
                continue;
            }
            if (!r.ok()) {
                failures.incrementAndGet();
                LOG.warn("HR file {} {} failed on terminal {}: code {}, {}", fileName(exchange), row,
                        fit(r.sn(), LOGGED_CHARS), fit(r.code(), LOGGED_CHARS), fit(r.message(), LOGGED_MESSAGE_CHARS));
            }
            out.add(result(exchange, row, r.sn(), r.ok(), r.code(), r.message()));
        }
        return out;
    }

    /** A row that could not be sent at all, as one hr_result row. */
    public List<Map<String, Object>> rowFailed(Row row, Exchange exchange) {
        exchange.getProperty(FAILURES, AtomicInteger.class).incrementAndGet();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = e == null ? "failed" : e.getMessage();
        LOG.warn("HR file {} {} failed: {}", fileName(exchange), row, fit(message, LOGGED_MESSAGE_CHARS));
        return List.of(result(exchange, row, null, false, null, message));
    }

    private static String fileName(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    /** The text cut to at most {@code max} characters, never between the two halves of a surrogate pair. */
    static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private static Map<String, Object> result(Exchange exchange, Row row, String sn, boolean ok, String code,
            String message) {
        Map<String, Object> m = new HashMap<>();
        m.put("file", fit(fileName(exchange), FILE_NAME_CHARS));
        m.put("importId", exchange.getProperty(HrImports.ID, Long.class));
        m.put("line", row.line());
        m.put("action", fit(row.action(), ACTION_CHARS));
        m.put("userId", fit(row.userId(), USER_ID_CHARS));
        m.put("sn", fit(sn, SN_CHARS));
        m.put("ok", ok);
        m.put("code", fit(code, CODE_CHARS));
        m.put("message", fit(message == null ? "" : message, MESSAGE_CHARS));
        return m;
    }

    /** Fails the file (it goes to the failed folder) when any row or terminal failed. */
    public String finish(Exchange exchange) throws FileFailedException {
        int failures = exchange.getProperty(FAILURES, AtomicInteger.class).get();
        String file = fileName(exchange);
        if (failures > 0) {
            throw new FileFailedException("HR file " + file + ": " + failures
                                          + " row/terminal result(s) failed, see GET /api/hr-imports/"
                                          + exchange.getProperty(HrImports.ID, Long.class));
        }
        return "HR file " + file + " applied";
    }
}
