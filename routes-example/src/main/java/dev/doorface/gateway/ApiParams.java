package dev.doorface.gateway;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.camel.Message;

/**
 * The query parameters of the listing calls (GET /api/events, GET /api/hr-imports) read from the request, or a 400
 * naming the parameter. A parameter given empty ({@code before=}) counts as not given.
 */
final class ApiParams {

    /** The most rows a listing returns at once. */
    static final int MAX_LIMIT = 1_000_000;
    static final int DEFAULT_LIMIT = 100;

    private ApiParams() {
    }

    /** {@code limit}: 1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}. */
    static int limit(Message in) {
        String text = text(in, "limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        long limit = whole(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return (int) limit;
    }

    /** A row id used as a cursor ({@code before}, {@code after}): a whole number, 0 or more; null when not given. */
    static Long id(Message in, String name) {
        String text = text(in, name);
        if (text == null) {
            return null;
        }
        long id = whole(text);
        if (id < 0) {
            throw new BadRequestException(name + " must be an id: a whole number, 0 or more");
        }
        return id;
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-28T08:00:00Z}) or date-time with an offset
     * ({@code 2026-11-28T09:00:00+01:00}); null when not given. A {@code +} left unencoded in a URL arrives as a
     * space, which no such text has: it is read as the {@code +} it was.
     */
    static OffsetDateTime instant(Message in, String name) {
        String text = text(in, name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.replace(' ', '+'));
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant such as 2026-11-28T08:00:00Z or"
                                          + " 2026-11-28T09:00:00%2B01:00 (the + encoded)");
        }
    }

    /** The path variable {@code name} as a row id, or 400. */
    static long pathId(Message in, String name) {
        String text = in.getHeader(name, String.class);
        long id = text == null ? -1 : whole(text.trim());
        if (id < 0) {
            throw new BadRequestException("{" + name + "} must be a whole number, 0 or more");
        }
        return id;
    }

    private static String text(Message in, String name) {
        String text = in.getHeader(name, String.class);
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The number, or -1 when the text is not a whole number that fits a long. */
    private static long whole(String text) {
        if (!text.matches("[0-9]{1,18}")) {
            return -1;
        }
        return Long.parseLong(text);
    }
}
