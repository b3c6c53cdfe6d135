package dev.doorface.camel.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;

/**
 * The one codec of the protocol: tolerant on read (strings, numbers and booleans alike; {@code data} or {@code
 * content}), strict on write (every value a string).
 */
public final class FrameCodec {

    public static final String OK = "200";
    public static final String FAILED = "500";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FrameCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads one frame a terminal sent.
     *
     * @throws MalformedFrameException when it is not JSON, or neither an answer (has a commandId) nor a report (code
     *                                 205, 206 or 207)
     */
    public static InboundFrame decode(String text) throws MalformedFrameException {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one frame from its UTF-8 bytes, as they came off the socket. */
    public static InboundFrame decode(byte[] utf8) throws MalformedFrameException {
        JsonNode root;
        try {
            root = MAPPER.readTree(utf8);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new MalformedFrameException("not JSON: " + reason);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedFrameException("not a JSON object");
        }
        String code = text(root, "code");
        String commandId = text(root, "commandId");
        if (commandId != null && !commandId.isEmpty()) {
            JsonNode payload = root.has("content") ? root.get("content") : root.path("data");
            return new Answer(commandId, code, payload);
        }
        if (Report.REGISTRATION.equals(code) || Report.HEARTBEAT.equals(code) || Report.EVENT.equals(code)) {
            JsonNode data = root.get("data");
            if (data == null || data.isNull()) {
                data = JsonNodeFactory.instance.objectNode();
            }
            if (!data.isObject()) {
                throw new MalformedFrameException("report " + code + " has no data object");
            }
            return new Report(code, data);
        }
        throw new MalformedFrameException(code == null
                ? "neither a commandId nor a report code" : "unknown report code " + code);
    }

    /** The text of a member, accepting strings, numbers and booleans; null when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    public static TerminalRegistered registration(JsonNode data, String remoteAddress) throws MalformedFrameException {
        String sn = text(data, "sn");
        if (sn == null || sn.isBlank()) {
            throw new MalformedFrameException("registration without sn");
        }
        return new TerminalRegistered(sn, text(data, "ip"), text(data, "mac"), text(data, "type"), remoteAddress);
    }

    /**
     * Reads the data of a 207 report, or the content of a 208 answer: {@code {eventid, type, data}}.
     */
    public static TerminalEvent event(String sn, JsonNode event) throws MalformedFrameException {
        if (event == null || !event.isObject()) {
            throw new MalformedFrameException("event is not an object");
        }
        String eventId = text(event, "eventid");
        String type = text(event, "type");
        JsonNode data = event.path("data");
        if (eventId == null || eventId.isBlank()) {
            throw new MalformedFrameException("event without eventid");
        }
        if ("1".equals(type)) {
            return new AccessEvent(sn, eventId, text(data, "userId"), text(data, "door"), text(data, "img"));
        }
        if ("2".equals(type)) {
            return new UserAddedEvent(sn, eventId, user(data));
        }
        throw new MalformedFrameException("event " + eventId + " has unknown type " + type);
    }

    public static DoorUser user(JsonNode node) {
        return new DoorUser(text(node, "user"), text(node, "userId"), text(node, "pwd"), text(node, "name"),
                text(node, "role"), text(node, "img"));
    }

    /** A server command; the content member is left out when content is null (selectUser for every user). */
    public static String command(String commandId, String command, ObjectNode content) {
        return command(commandId, command, content == null ? null : content.toString());
    }

    /**
     * A server command around content already written as JSON, so that a broadcast writes a large content (a
     * photo) once and not once per terminal.
     */
    public static String command(String commandId, String command, String contentJson) {
        return commandHead(commandId, command, contentJson != null) + (contentJson == null ? "" : contentJson)
               + COMMAND_TAIL;
    }

    /** What closes a command frame after its content (or after its head when it has none). */
    public static final String COMMAND_TAIL = "}";

    /**
     * The start of a command frame, up to where its content goes: a frame is this head, the content JSON (when
     * withContent) and {@link #COMMAND_TAIL}. commandId and command are digits and a command name: nothing to
     * escape, checked anyway.
     */
    public static String commandHead(String commandId, String command, boolean withContent) {
        if (!commandId.chars().allMatch(Character::isLetterOrDigit) || !command.chars().allMatch(Character::isLetter)) {
            throw new IllegalArgumentException("commandId and command must be plain words");
        }
        return "{\"commandId\":\"" + commandId + "\",\"command\":\"" + command + "\""
               + (withContent ? ",\"content\":" : "");
    }

    /** The server's answer to a report; interval (seconds) only for registrations. */
    public static String response(String code, Integer interval, String data) {
        ObjectNode content = MAPPER.createObjectNode();
        content.put("code", code);
        if (interval != null) {
            content.put("interval", String.valueOf(interval));
        }
        content.put("data", data == null ? "" : data);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", "response");
        root.set("content", content);
        return root.toString();
    }
}
