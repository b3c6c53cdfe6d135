package dev.doorface.camel.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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

    /**
     * Deepest nesting read. The protocol's deepest frame has four levels; Jackson's own default (1000) would do
     * too, but a bound stated here keeps 100,000 nested arrays a refused frame whatever Jackson version is in use.
     */
    static final int MAX_NESTING = 64;
    /** Longest sn, ip, mac, type and eventid accepted: they are identifiers, logged and stored. */
    static final int MAX_ID_LENGTH = 128;
    /** Longest answer code accepted (codes are three digits). */
    private static final int MAX_CODE_LENGTH = 16;

    private static final String[] USER_FIELDS = {"user", "userId", "pwd", "name", "role", "img"};

    /** One JSON value per frame: trailing content (two reports in one frame) would get a single answer. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A commandId member with a value that is neither empty nor null, as text that may not parse. */
    private static final Pattern NAMES_COMMAND_ID =
            Pattern.compile("commandId[\"'\\\\]*\\s*[:=]\\s*(?!null\\b)(?![\"'][\"'])\\S");
    /** Quoted tokens in Jackson's messages can be a frame's text (a password): they are not repeated. */
    private static final Pattern QUOTED_TOKEN = Pattern.compile("'[^']*'");
    private static final Pattern CHARACTER_CODE = Pattern.compile(" \\(code \\d+\\)");

    private FrameCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads one frame a terminal sent.
     *
     * @throws MalformedFrameException when it is not JSON, or neither an answer (has a commandId) nor a report (code
     *                                 205, 206 or 207); {@link MalformedFrameException#isAnswer()} tells whether it
     *                                 names a commandId, so must never be answered like a report
     */
    public static InboundFrame decode(String text) throws MalformedFrameException {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one frame from its UTF-8 bytes, as they came off the socket. A frame naming a commandId that is not null
     * or empty is an answer (PROTOCOL.md decision 6), also when it is broken: such a frame is never taken for a
     * report, whatever else it holds, because answering it as one would shift the terminal's first-in first-out
     * matching of report answers.
     */
    public static InboundFrame decode(byte[] utf8) throws MalformedFrameException {
        JsonNode root;
        try {
            root = MAPPER.readTree(utf8);
        } catch (IOException e) {
            throw new MalformedFrameException("not JSON: " + reason(e), namesCommandId(utf8));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedFrameException("not a JSON object", namesCommandId(utf8));
        }
        JsonNode commandIdNode = root.get("commandId");
        boolean noCommandId = commandIdNode == null || commandIdNode.isNull()
                              || commandIdNode.isTextual() && commandIdNode.textValue().isEmpty();
        if (!noCommandId) {
            return answer(root, commandIdNode);
        }
        String code = text(root, "code");
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
        if (code == null) {
            throw new MalformedFrameException("neither a commandId nor a report code");
        }
        throw new MalformedFrameException(root.get("code").isValueNode()
                ? "unknown report code " + LogMask.frame(code) : "code is not a string");
    }

    private static Answer answer(JsonNode root, JsonNode commandIdNode) throws MalformedFrameException {
        if (!commandIdNode.isTextual() && !commandIdNode.isNumber()) {
            throw new MalformedFrameException("answer whose commandId is not a string", true);
        }
        JsonNode codeNode = root.get("code");
        if (codeNode != null && !codeNode.isNull() && !codeNode.isValueNode()) {
            throw new MalformedFrameException("answer whose code is not a string", true);
        }
        String code = text(root, "code");
        if (code != null && code.length() > MAX_CODE_LENGTH) {
            throw new MalformedFrameException("answer whose code is longer than " + MAX_CODE_LENGTH, true);
        }
        JsonNode payload = root.has("content") ? root.get("content") : root.path("data");
        return new Answer(commandIdNode.asText(), code, payload);
    }

    /** Jackson's reason with the text's own tokens left out (they may be a password), and where in the text. */
    static String reason(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return limit.getOriginalMessage(); // nesting depth or length: numbers only
        }
        if (!(e instanceof JsonProcessingException json)) {
            return e.getClass().getSimpleName();
        }
        String message = QUOTED_TOKEN.matcher(String.valueOf(json.getOriginalMessage())).replaceAll("'?'");
        message = CHARACTER_CODE.matcher(message).replaceAll("");
        JsonLocation at = json.getLocation();
        return at == null ? message : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** Whether text that is not a JSON object names a commandId with a value: a broken answer, not a report. */
    static boolean namesCommandId(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        return text.contains("commandId") && NAMES_COMMAND_ID.matcher(text).find();
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

    /**
     * Reads the data of a registration. sn, ip, mac and type are identifiers: each must be a string or number of at
     * most {@value #MAX_ID_LENGTH} characters without control characters, sn not blank.
     */
    public static TerminalRegistered registration(JsonNode data, String remoteAddress) throws MalformedFrameException {
        String sn = scalar(data, "sn", "registration", MAX_ID_LENGTH);
        if (sn == null || sn.isBlank()) {
            throw new MalformedFrameException("registration without sn");
        }
        return new TerminalRegistered(sn, scalar(data, "ip", "registration", MAX_ID_LENGTH),
                scalar(data, "mac", "registration", MAX_ID_LENGTH), scalar(data, "type", "registration", MAX_ID_LENGTH),
                remoteAddress);
    }

    /**
     * Reads the data of a 207 report, or the content of a 208 answer: {@code {eventid, type, data}}. Every field
     * must be a string or number where the document has one (an object or array there is refused, never carried
     * as its JSON text), eventid at most {@value #MAX_ID_LENGTH} characters.
     */
    public static TerminalEvent event(String sn, JsonNode event) throws MalformedFrameException {
        if (event == null || !event.isObject()) {
            throw new MalformedFrameException("event is not an object");
        }
        String eventId = scalar(event, "eventid", "event", MAX_ID_LENGTH);
        String type = scalar(event, "type", "event", MAX_ID_LENGTH);
        JsonNode data = event.path("data");
        if (eventId == null || eventId.isBlank()) {
            throw new MalformedFrameException("event without eventid");
        }
        if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
            throw new MalformedFrameException(where(eventId) + ": data is not an object");
        }
        if ("1".equals(type)) {
            return new AccessEvent(sn, eventId, eventScalar(data, "userId", eventId),
                    eventScalar(data, "door", eventId), eventScalar(data, "img", eventId));
        }
        if ("2".equals(type)) {
            for (String field : USER_FIELDS) {
                eventScalar(data, field, eventId);
            }
            return new UserAddedEvent(sn, eventId, user(data));
        }
        throw new MalformedFrameException(where(eventId) + " has unknown type " + LogMask.frame(type));
    }

    /** Where a problem is, for its message; built only when there is one (masking parses text: not per event). */
    private static String where(String eventId) {
        // an eventid is the terminal's text: masked and cut like any, as these messages are logged
        return "event " + LogMask.frame(eventId);
    }

    /** A member of an event's data, of any length: see {@link #scalar}. */
    private static String eventScalar(JsonNode data, String field, String eventId) throws MalformedFrameException {
        JsonNode value = data.get(field);
        if (value != null && !value.isValueNode()) {
            throw new MalformedFrameException(where(eventId) + ": " + field + " is not a string");
        }
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * A member that must be a string, number or boolean: null when absent or JSON null.
     *
     * @throws MalformedFrameException naming the field (never repeating its value) when it is an object or array or
     *                                 longer than maxLength
     */
    private static String scalar(JsonNode node, String field, String where, int maxLength)
            throws MalformedFrameException {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new MalformedFrameException(where + ": " + field + " is not a string");
        }
        String text = value.asText();
        if (text.length() > maxLength) {
            throw new MalformedFrameException(where + ": " + field + " is longer than " + maxLength + " characters");
        }
        if (maxLength == MAX_ID_LENGTH && hasControlCharacter(text)) {
            // identifiers are logged as they are: a line break in one would forge a log line
            throw new MalformedFrameException(where + ": " + field + " holds control characters");
        }
        return text;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
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

    /** The answer to a report that was handled (not a registration): written for every event, so built once. */
    public static final String RESPONSE_OK = response(OK, null, "");

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
