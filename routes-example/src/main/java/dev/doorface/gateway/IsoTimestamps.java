package dev.doorface.gateway;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * Turns the timestamps of query rows (a camel-jdbc body: a list of maps) into ISO-8601 text with the offset, e.g.
 * {@code 2026-11-28T22:17:13.120+01:00}, in the gateway's time zone. Done here rather than in SQL because each
 * database formats dates with its own function (H2 FORMATDATETIME, PostgreSQL to_char) and its JDBC driver returns
 * its own type (H2 OffsetDateTime, PostgreSQL Timestamp).
 */
final class IsoTimestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private IsoTimestamps() {
    }

    static void rows(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> columns = (Map<Object, Object>) map;
                    columns.replaceAll((column, value) -> iso(value));
                }
            }
        }
    }

    static Object iso(Object value) {
        Instant instant;
        if (value instanceof Instant t) {
            instant = t;
        } else if (value instanceof OffsetDateTime t) {
            instant = t.toInstant();
        } else if (value instanceof ZonedDateTime t) {
            instant = t.toInstant();
        } else if (value instanceof Timestamp t) {
            instant = t.toInstant();
        } else {
            return value;
        }
        return FORMAT.format(instant.atZone(ZoneId.systemDefault()));
    }
}
