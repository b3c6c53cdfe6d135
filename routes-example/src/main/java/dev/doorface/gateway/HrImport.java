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
import dev.doorface.camel.model.TerminalResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The Java behind the HR file drop: CSV records to commands, command results to hr_result rows.
 *
 * <p>CSV columns (first line is the header, in any order): {@code action,userId,user,name,pwd,role,photo}, action
 * being add, edit or delete and photo the name of a JPEG file beside the CSV.
 */
public class HrImport {

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

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Row[line=" + line + ", action=" + action + ", userId=" + userId() + ", problem=" + problem + "]";
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

    /** The CSV records (header first) as rows; a record that does not fit the header is a row with a problem. */
    public List<Row> rows(List<List<String>> records, Exchange exchange) {
        exchange.setProperty(FAILURES, new AtomicInteger());
        List<Row> rows = new ArrayList<>();
        if (records == null || records.isEmpty()) {
            return rows;
        }
        List<String> header = records.get(0).stream().map(h -> h == null ? "" : h.trim()).toList();
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
                problem = "action must be add, edit or delete, not '" + fields.getOrDefault("action", "") + "'";
            } else if (fields.get("userId") == null) {
                problem = "userId is empty";
            }
            rows.add(new Row(line, action, fields, problem));
        }
        return rows;
    }

    private static String canonical(String column) {
        for (String c : COLUMNS) {
            if (c.equalsIgnoreCase(column)) {
                return c;
            }
        }
        return null;
    }

    /** Sets up the command of a row for every online terminal, or fails the row. */
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
            out.add(result(exchange, row, null, false, null, "no terminal online"));
        }
        for (TerminalResult r : results) {
            if (!r.ok()) {
                failures.incrementAndGet();
            }
            out.add(result(exchange, row, r.sn(), r.ok(), r.code(), r.message()));
        }
        return out;
    }

    /** A row that could not be sent at all, as one hr_result row. */
    public List<Map<String, Object>> rowFailed(Row row, Exchange exchange) {
        exchange.getProperty(FAILURES, AtomicInteger.class).incrementAndGet();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return List.of(result(exchange, row, null, false, null, e == null ? "failed" : e.getMessage()));
    }

    private static Map<String, Object> result(Exchange exchange, Row row, String sn, boolean ok, String code,
            String message) {
        Map<String, Object> m = new HashMap<>();
        m.put("file", exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        m.put("line", row.line());
        m.put("action", row.action());
        m.put("userId", row.userId());
        m.put("sn", sn);
        m.put("ok", ok);
        m.put("code", code);
        String text = message == null ? "" : message;
        m.put("message", text.length() > 1000 ? text.substring(0, 1000) : text);
        return m;
    }

    /** Fails the file (it goes to the failed folder) when any row or terminal failed. */
    public String finish(Exchange exchange) throws FileFailedException {
        int failures = exchange.getProperty(FAILURES, AtomicInteger.class).get();
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (failures > 0) {
            throw new FileFailedException("HR file " + file + ": " + failures
                                          + " row/terminal result(s) failed, see table hr_result");
        }
        return "HR file " + file + " applied";
    }
}
