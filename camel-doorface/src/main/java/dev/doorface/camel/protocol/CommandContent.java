package dev.doorface.camel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.model.Images;

/**
 * Builds the content of a command from what a route has: a typed object (a DoorUser), a Map (as a CSV or JDBC row
 * gives), a JSON string, or a plain value. Required fields are checked here, before anything is sent.
 */
public final class CommandContent {

    private static final String[] USER_FIELDS = { "user", "userId", "pwd", "name", "role", "img" };

    private CommandContent() {
    }

    /**
     * @param  body    the exchange body
     * @param  userId  the CamelDoorfaceUserId header, used when the body names no user
     * @param  eventId the CamelDoorfaceEventId header, used when the body names no event
     * @return         the content, or null when the command goes without one (selectUser of every user)
     */
    public static ObjectNode build(String sn, DoorfaceOperation operation, Object body, String userId, String eventId)
            throws InvalidCommandException {
        JsonNode source = toNode(sn, operation, body);
        ObjectNode content = FrameCodec.mapper().createObjectNode();
        switch (operation) {
            case addUser -> {
                copy(source, content, USER_FIELDS);
                require(sn, operation, content, USER_FIELDS);
            }
            case editUser -> {
                copy(source, content, USER_FIELDS);
                fallback(content, "userId", userId);
                require(sn, operation, content, "userId");
            }
            case deleteUser -> {
                copy(source, content, "userId", "name");
                plain(source, content, "userId");
                fallback(content, "userId", userId);
                require(sn, operation, content, "userId");
            }
            case selectUser -> {
                copy(source, content, "userId", "name");
                plain(source, content, "userId");
                fallback(content, "userId", userId);
                return content.isEmpty() ? null : content;
            }
            case compareUser -> {
                copy(source, content, "img");
                plain(source, content, "img");
                require(sn, operation, content, "img");
            }
            case queryEvent -> {
                copy(source, content, "eventid");
                if (!content.has("eventid") && source != null && source.hasNonNull("eventId")) {
                    content.put("eventid", FrameCodec.text(source, "eventId"));
                }
                plain(source, content, "eventid");
                fallback(content, "eventid", eventId);
                require(sn, operation, content, "eventid");
            }
            default -> throw new InvalidCommandException(sn, "Unsupported operation " + operation);
        }
        return content;
    }

    private static JsonNode toNode(String sn, DoorfaceOperation operation, Object body) throws InvalidCommandException {
        if (body == null) {
            return null;
        }
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body instanceof byte[] bytes) {
            if (looksLikeJson(bytes)) {
                return parse(sn, operation, new String(bytes, StandardCharsets.UTF_8));
            }
            // raw bytes that are not JSON: a photo, for compareUser
            return new TextNode(Images.encode(bytes));
        }
        if (body instanceof CharSequence text) {
            String s = text.toString().trim();
            return s.startsWith("{") ? parse(sn, operation, s) : new TextNode(s);
        }
        if (body instanceof Number || body instanceof Boolean) {
            return new TextNode(body.toString());
        }
        try {
            return FrameCodec.mapper().valueToTree(body instanceof Map<?, ?> map ? map : body);
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(sn, operation + ": cannot use a body of type "
                                                  + body.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    private static JsonNode parse(String sn, DoorfaceOperation operation, String json) throws InvalidCommandException {
        try {
            return FrameCodec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            // the message is logged by error handlers: Jackson's tokens of the body (a password) are left out
            throw new InvalidCommandException(sn, operation + ": the body is not valid JSON: " + FrameCodec.reason(e));
        }
    }

    private static void copy(JsonNode source, ObjectNode target, String... fields) {
        if (source == null || !source.isObject()) {
            return;
        }
        for (String field : fields) {
            String value = FrameCodec.text(source, field);
            if (value != null) {
                target.put(field, value);
            }
        }
    }

    /** A plain body (not an object) is the one value the command needs. */
    private static void plain(JsonNode source, ObjectNode target, String field) {
        if (source != null && source.isValueNode() && !target.has(field) && !source.asText().isBlank()) {
            target.put(field, source.asText());
        }
    }

    private static void fallback(ObjectNode target, String field, String value) {
        if (!present(target, field) && value != null && !value.isBlank()) {
            target.put(field, value);
        }
    }

    private static boolean present(ObjectNode node, String field) {
        String value = FrameCodec.text(node, field);
        return value != null && !value.isBlank();
    }

    private static void require(String sn, DoorfaceOperation operation, ObjectNode content, String... fields)
            throws InvalidCommandException {
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            if (!present(content, field)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidCommandException(sn, operation + " needs " + String.join(", ", fields)
                                                  + "; missing: " + String.join(", ", missing));
        }
    }
}
