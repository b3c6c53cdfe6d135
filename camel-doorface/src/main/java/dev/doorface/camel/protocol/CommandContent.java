package dev.doorface.camel.protocol;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.converter.PhotoConverters;
import dev.doorface.camel.exception.DoorfaceTypeConversionException;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.Photo;

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
            Object value = body instanceof Map<?, ?> map ? withPhotoAsText(sn, operation, map) : body;
            return FrameCodec.mapper().valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(sn, operation + ": cannot use a body of type "
                                                  + body.getClass().getName() + ": " + e.getMessage());
        }
    }

    /**
     * A Map's img given as a file, path, stream, bytes or Photo becomes the protocol's base64, as the type converters
     * make it (Jackson would send a file's path as the photo, and bytes as base64 without checking them).
     */
    private static Map<?, ?> withPhotoAsText(String sn, DoorfaceOperation operation, Map<?, ?> map)
            throws InvalidCommandException {
        Object img = map.get("img");
        if (img == null || img instanceof CharSequence || img instanceof JsonNode) {
            return map;
        }
        Photo photo;
        try {
            if (img instanceof Photo given) {
                photo = given;
            } else if (img instanceof byte[] bytes) {
                photo = PhotoConverters.toPhoto(bytes);
            } else if (img instanceof File file) {
                photo = PhotoConverters.toPhoto(file);
            } else if (img instanceof Path path) {
                photo = PhotoConverters.toPhoto(path);
            } else if (img instanceof InputStream in) {
                photo = PhotoConverters.toPhoto(in);
            } else {
                throw new InvalidCommandException(sn, operation + ": img must be base64 text, bytes, a File, a Path or"
                                                      + " an InputStream, not " + img.getClass().getName());
            }
        } catch (DoorfaceTypeConversionException e) {
            throw new InvalidCommandException(sn, operation + ": img: " + e.getMessage());
        }
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        copy.put("img", photo.base64());
        return copy;
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
