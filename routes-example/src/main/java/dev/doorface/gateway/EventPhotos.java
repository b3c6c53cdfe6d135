package dev.doorface.gateway;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The snapshot of a stored access event, for {@code GET /api/events/{sn}/{eventid}/photo}, and the link to it that
 * {@code GET /api/events} gives each event with a snapshot ({@code photoUrl}). On a node of a cluster the snapshot is
 * in the row (column photo), so every node serves it; a row from before, pointing at a file, is served from the file.
 */
public class EventPhotos {

    /** Registry name. */
    public static final String BEAN = "eventPhotos";

    private static final String LOOKUP = """
            SELECT photo_path, photo_offset, photo_length FROM access_event WHERE sn = ? AND event_id = ?""";
    /** A node of a cluster: the snapshot may be in the row (GatewayDatabase.CLUSTER_SCHEMA). */
    private static final String LOOKUP_WITH_PHOTO = """
            SELECT photo_path, photo_offset, photo_length, photo FROM access_event WHERE sn = ? AND event_id = ?""";
    /** The event_id column's length: a longer {eventid} names no event. */
    private static final int EVENT_ID_MAX = 128;

    private final DataSource dataSource;
    private final PhotoStore photos;
    private final boolean snapshotsInRows;

    public EventPhotos(DataSource dataSource, PhotoStore photos) {
        this(dataSource, photos, false);
    }

    /** @param snapshotsInRows a node of a cluster: snapshots are read from their rows (column photo) when there */
    public EventPhotos(DataSource dataSource, PhotoStore photos, boolean snapshotsInRows) {
        this.dataSource = dataSource;
        this.photos = photos;
        this.snapshotsInRows = snapshotsInRows;
    }

    /** Answers the request with the JPEG (200, image/jpeg), or fails: 400 bad {sn} or {eventid}, 404 no photo. */
    public void respond(Exchange exchange) throws SQLException, IOException {
        Message in = exchange.getMessage();
        String sn = TerminalSn.requireOne(in.getHeader("sn", String.class));
        String eventId = in.getHeader("eventid", String.class);
        if (eventId == null || eventId.isEmpty() || eventId.length() > EVENT_ID_MAX) {
            throw new BadRequestException("{eventid} must be 1 to " + EVENT_ID_MAX + " characters");
        }
        byte[] jpeg = read(sn, eventId);
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, "image/jpeg");
        // a stored event's snapshot never changes
        in.setHeader("Cache-Control", "private, max-age=86400");
        in.setBody(jpeg);
    }

    private byte[] read(String sn, String eventId) throws SQLException, IOException {
        String path;
        Long offset;
        Integer length;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lookup = connection.prepareStatement(snapshotsInRows ? LOOKUP_WITH_PHOTO : LOOKUP)) {
            lookup.setString(1, sn);
            lookup.setString(2, eventId);
            try (ResultSet row = lookup.executeQuery()) {
                if (!row.next()) {
                    throw new ApiStatusException(404, "no access event " + eventId + " of terminal " + sn);
                }
                path = row.getString(1);
                offset = row.getObject(2) == null ? null : row.getLong(2);
                length = row.getObject(3) == null ? null : row.getInt(3);
                byte[] inRow = snapshotsInRows ? row.getBytes(4) : null;
                if (inRow != null) {
                    return inRow;
                }
            }
        }
        if (path == null) {
            throw new ApiStatusException(404, "access event " + eventId + " of terminal " + sn + " has no photo");
        }
        try {
            return photos.read(path, offset, length);
        } catch (NoSuchFileException e) {
            throw new ApiStatusException(404, "the photo of access event " + eventId + " of terminal " + sn
                                              + " is no longer on file");
        }
    }

    /**
     * The rows of GET /api/events (a camel-jdbc body): each row's column hasPhoto becomes photoUrl, the path of its
     * snapshot, or null when it has none.
     */
    static void links(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> columns = (Map<String, Object>) map;
                    boolean hasPhoto = Boolean.TRUE.equals(columns.remove("hasPhoto"));
                    columns.put("photoUrl", hasPhoto ? url(columns.get("sn"), columns.get("eventId")) : null);
                }
            }
        }
    }

    static String url(Object sn, Object eventId) {
        return "/api/events/" + segment(sn) + "/" + segment(eventId) + "/photo";
    }

    private static String segment(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
