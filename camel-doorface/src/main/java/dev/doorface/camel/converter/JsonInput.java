package dev.doorface.camel.converter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.model.Photo;
import dev.doorface.camel.protocol.FrameCodec;

/**
 * Parses JSON text given to a converter with the protocol's own reader (bounded nesting, one value only).
 */
final class JsonInput {

    /** The largest photo's base64 and room for the other fields. */
    static final int MAX_LENGTH = Photo.MAX_BYTES / 3 * 4 + 1024 * 1024;

    private JsonInput() {
    }

    static ObjectNode parse(String json) throws BadInput {
        if (json.length() > MAX_LENGTH) {
            throw new BadInput("the JSON is longer than " + MAX_LENGTH + " characters");
        }
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode parse(byte[] utf8) throws BadInput {
        if (utf8.length > MAX_LENGTH) {
            throw new BadInput("the JSON is longer than " + MAX_LENGTH + " bytes");
        }
        JsonNode root;
        try {
            root = FrameCodec.mapper().readTree(utf8);
        } catch (IOException e) {
            throw new BadInput("not valid JSON" + where(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new BadInput("the JSON is empty");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new BadInput("the JSON is not an object");
        }
        return object;
    }

    /** Where parsing stopped; Jackson's own message is left out as it quotes the text (a password). */
    private static String where(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return ": " + limit.getOriginalMessage(); // a nesting or length limit: numbers only
        }
        JsonLocation at = e instanceof JsonProcessingException json ? json.getLocation() : null;
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
