package dev.doorface.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.CommandResultEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;

/**
 * The JSON messages of the live feed ({@code /api/live}), each {@code {"type": ..., ...}}, built from a copy of the
 * exchange of the route that stored what they tell (a wire tap): never a password, never a photo, only what the
 * page needs to show it or to know what to read again from the API.
 */
final class LiveMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LiveMessages() {
    }

    /** A terminal registered or disconnected: {@code {type: terminal, sn, online}}. */
    static void terminal(Exchange exchange) {
        Message in = exchange.getMessage();
        Map<String, Object> m = message("terminal");
        m.put("sn", in.getHeader(DoorfaceConstants.DEVICE_SN, String.class));
        m.put("online", "REGISTERED".equals(in.getHeader(DoorfaceConstants.EVENT_KIND, String.class)));
        in.setBody(m);
    }

    /**
     * The access events of a stored batch (the rows of {@code access-events.yaml}, less the ones the database
     * refused): {@code {type: access, events: [{sn, eventId, userId, door, receivedAt, photoUrl}]}}.
     */
    static void access(Exchange exchange) {
        Message in = exchange.getMessage();
        List<?> rows = in.getBody(List.class);
        Collection<?> failed = in.getHeader(DoorfaceConstants.FAILED_EVENTS, Collection.class);
        String now = (String) IsoTimestamps.iso(Instant.now());
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; rows != null && i < rows.size(); i++) {
            if (failed != null && failed.contains(i) || !(rows.get(i) instanceof Map<?, ?> row)) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("sn", row.get("sn"));
            e.put("eventId", row.get("eventId"));
            e.put("userId", row.get("userId"));
            e.put("door", row.get("door"));
            e.put("receivedAt", now);
            e.put("photoUrl", row.get("photoPath") == null ? null : EventPhotos.url(row.get("sn"), row.get("eventId")));
            events.add(e);
        }
        Map<String, Object> m = message("access");
        m.put("events", events);
        in.setBody(m);
    }

    /** A queued command ended: {@code {type: command, sn, commandId, operation, userId, state}}. */
    static void command(Exchange exchange) {
        CommandResultEvent r = exchange.getMessage().getBody(CommandResultEvent.class);
        Map<String, Object> m = message("command");
        m.put("sn", r.sn());
        m.put("commandId", r.commandId());
        m.put("operation", r.operation());
        m.put("userId", r.userId());
        m.put("state", r.state().name().toLowerCase(Locale.ROOT));
        exchange.getMessage().setBody(m);
    }

    /**
     * An HR file was applied (or failed): {@code {type: hr-import, id, fileName}}, id that of GET /api/hr-imports/{id}
     * (null when the file could not even be read); the page reads the rest from the API.
     */
    static void hrImport(Exchange exchange) {
        Map<String, Object> m = message("hr-import");
        m.put("id", exchange.getProperty(HrImports.ID, Long.class));
        m.put("fileName", exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        exchange.getMessage().setBody(m);
    }

    /** The body as JSON text, which the WebSocket producer sends as a text message. */
    static void json(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        String text = MAPPER.writeValueAsString(in.getBody());
        // nothing of the stored exchange goes along; to every browser connected, never as a client elsewhere
        in.getHeaders().clear();
        in.setHeader(VertxWebsocketConstants.SEND_TO_ALL, true);
        in.setBody(text);
    }

    private static Map<String, Object> message(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        return m;
    }
}
