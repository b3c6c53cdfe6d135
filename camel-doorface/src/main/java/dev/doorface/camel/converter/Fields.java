package dev.doorface.camel.converter;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.model.Photo;

/**
 * The named values of a Map or a JSON object, looked up ignoring case (a JDBC row names its columns USERID, the
 * protocol's events say eventid). Every value read is checked; a problem names the field, never its value. Keys not
 * asked for are ignored: a CSV or JDBC row may carry more columns.
 */
final class Fields {

    /** Longest text value other than a photo: names and identifiers, logged and stored. */
    static final int MAX_TEXT = 1024;

    private final String prefix;
    private final Map<String, Object> values = new HashMap<>();
    /** Names given more than once with different case: which one is meant is not guessed. */
    private final Set<String> ambiguous = new HashSet<>();

    private Fields(String prefix) {
        this.prefix = prefix;
    }

    /** The fields of a Map; prefix names where they sit ("user." for a nested user) in messages. */
    static Fields of(Map<?, ?> map, String prefix) throws BadInput {
        Fields fields = new Fields(prefix);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof CharSequence key)) {
                throw new BadInput("a key " + (prefix.isEmpty() ? "" : "of " + prefix + " ") + "is not a name but "
                                   + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            fields.put(key.toString(), entry.getValue());
        }
        return fields;
    }

    static Fields of(ObjectNode node, String prefix) {
        Fields fields = new Fields(prefix);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            fields.put(entry.getKey(), entry.getValue());
        }
        return fields;
    }

    private void put(String key, Object value) {
        String name = key.toLowerCase(Locale.ROOT);
        if (values.containsKey(name)) {
            ambiguous.add(name);
        }
        values.put(name, value);
    }

    /** The value as given (a Map, JsonNode, DoorUser...), or null when absent or null. */
    Object raw(String name) throws BadInput {
        String key = name.toLowerCase(Locale.ROOT);
        if (ambiguous.contains(key)) {
            throw new BadInput(name(name) + " is given more than once (names are matched ignoring case)");
        }
        Object value = values.get(key);
        return value instanceof JsonNode node && (node.isNull() || node.isMissingNode()) ? null : value;
    }

    /** What messages call a field. */
    String name(String name) {
        return prefix + name;
    }

    /**
     * A text value: a string, number, boolean or enum constant. At most {@value #MAX_TEXT} characters, without
     * control characters (these values are logged: a line break would forge a log line).
     *
     * @return the text, or null when absent or null
     */
    String text(String name) throws BadInput {
        Object value = raw(name);
        String text;
        if (value == null) {
            return null;
        } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                   || value instanceof Character) {
            text = value.toString();
        } else if (value instanceof Enum<?> constant) {
            text = constant.name();
        } else if (value instanceof JsonNode node && node.isValueNode() && !node.isBinary()) {
            text = node.asText();
        } else {
            throw new BadInput(name(name) + " is not a text value but " + describe(value));
        }
        if (text.length() > MAX_TEXT) {
            throw new BadInput(name(name) + " is longer than " + MAX_TEXT + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new BadInput(name(name) + " holds control characters");
        }
        return text;
    }

    /** A text value that must be present and not blank. */
    String required(String name) throws BadInput {
        String text = text(name);
        if (text == null || text.isBlank()) {
            throw new BadInput(name(name) + " is missing");
        }
        return text;
    }

    /**
     * A photo as the protocol's base64: given as base64 text, a {@link Photo}, {@code byte[]}, {@link File},
     * {@link Path} or {@link InputStream} (read, bounded, and closed).
     *
     * @return the base64, or null when absent or null
     */
    String photo(String name) throws BadInput {
        Object value = raw(name);
        try {
            Photo photo;
            if (value == null) {
                return null;
            } else if (value instanceof Photo given) {
                photo = given;
            } else if (value instanceof CharSequence text) {
                photo = PhotoInput.base64(text.toString());
            } else if (value instanceof JsonNode node && node.isTextual()) {
                photo = PhotoInput.base64(node.textValue());
            } else if (value instanceof byte[] bytes) {
                photo = PhotoInput.photo(bytes);
            } else if (value instanceof File file) {
                photo = PhotoInput.read(file.toPath());
            } else if (value instanceof Path path) {
                photo = PhotoInput.read(path);
            } else if (value instanceof InputStream in) {
                photo = PhotoInput.read(in);
            } else {
                throw new BadInput("not a photo (base64 text, byte[], File, Path or InputStream) but "
                                   + describe(value));
            }
            return photo.base64();
        } catch (BadInput e) {
            throw new BadInput(name(name) + ": " + e.getMessage());
        }
    }

    /** A nested object's fields, or null when absent; a value of another kind is refused. */
    Fields object(String name) throws BadInput {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return of(map, name(name) + ".");
        }
        if (value instanceof ObjectNode node) {
            return of(node, name(name) + ".");
        }
        throw new BadInput(name(name) + " is not an object but " + describe(value));
    }

    private static String describe(Object value) {
        if (value instanceof JsonNode node) {
            return "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        return value.getClass().getName();
    }
}
