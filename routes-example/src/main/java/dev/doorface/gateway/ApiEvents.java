package dev.doorface.gateway;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jdbc.JdbcConstants;

/**
 * GET /api/events: the stored access events, newest first, filtered by terminal ({@code sn}), paged by id
 * ({@code before}: the next page; {@code after}: what came since) and by time ({@code from} inclusive, {@code to}
 * exclusive), at most {@code limit}. Every query walks an index in id order, newest first, and stops at the limit:
 * the primary key, or {@code ix_access_event_sn (sn, id)} with {@code sn} (on H2; PostgreSQL's planner picks between
 * the two by cost); the time filters are checked on the rows walked (there is no index on received_at), so a range
 * far in the past reads the newer rows first.
 */
final class ApiEvents {

    private ApiEvents() {
    }

    /** The query and its parameters, standard SQL for H2 and PostgreSQL; receivedAt is made ISO text afterwards. */
    static void query(Exchange exchange) {
        Message in = exchange.getMessage();
        int limit = ApiParams.limit(in);
        String sn = in.getHeader("sn", String.class);
        Long before = ApiParams.id(in, "before");
        Long after = ApiParams.id(in, "after");
        OffsetDateTime from = ApiParams.instant(in, "from");
        OffsetDateTime to = ApiParams.instant(in, "to");

        Map<String, Object> params = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        params.put("limit", limit);
        if (sn != null && !sn.isBlank()) {
            if (!TerminalSn.PATTERN.matcher(sn).matches()) {
                throw new BadRequestException("sn must name one terminal: 1 to 64 letters, digits, '.', '_' or '-',"
                                              + " starting with a letter or digit");
            }
            params.put("sn", sn);
            conditions.add("sn = :?sn");
        }
        if (before != null) {
            params.put("before", before);
            conditions.add("id < :?before");
        }
        if (after != null) {
            params.put("after", after);
            conditions.add("id > :?after");
        }
        // as UTC: PostgreSQL's driver and H2 both take an OffsetDateTime for TIMESTAMP WITH TIME ZONE
        if (from != null) {
            params.put("from", from.withOffsetSameInstant(ZoneOffset.UTC));
            conditions.add("received_at >= :?from");
        }
        if (to != null) {
            params.put("to", to.withOffsetSameInstant(ZoneOffset.UTC));
            conditions.add("received_at < :?to");
        }
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
        // with sn, ordered as ix_access_event_sn is: H2 then reads that index backwards and stops at the limit;
        // ordered by id alone it took the unique index (sn, event_id) and sorted every event of the terminal
        String order = params.containsKey("sn") ? "ORDER BY sn DESC, id DESC " : "ORDER BY id DESC ";
        in.setHeader(JdbcConstants.JDBC_PARAMETERS, params);
        // a snapshot in a segment or file has a path; one in its row (a node of a cluster) a length and no path
        in.setBody("""
                SELECT id AS "id", sn AS "sn", event_id AS "eventId", user_id AS "userId", door AS "door",
                       received_at AS "receivedAt",
                       (photo_path IS NOT NULL OR photo_length IS NOT NULL) AS "hasPhoto"
                FROM access_event\s""" + where + order + "FETCH FIRST :?limit ROWS ONLY");
    }
}
