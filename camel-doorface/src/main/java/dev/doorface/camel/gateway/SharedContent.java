package dev.doorface.camel.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.protocol.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A command's content as UTF-8 JSON bytes, written once and shared read-only by the frames of every terminal it goes
 * to: a broadcast of a 400 KB photo to 1,000 terminals holds the photo once, not 1,000 times until each answers.
 * <p>
 * The bytes live in direct memory, so that a frame made of them is direct too and Netty writes it to the socket as it
 * is (a heap frame would be copied into a direct buffer per terminal on its way out). The JDK frees that memory when the
 * last command holding it is gone: nothing to release by hand, nothing leaks when a command never gets written.
 */
public final class SharedContent {

    private static final String PHOTO = "img";
    /** Shorter photos (placeholders in tests, thumbnails) go through Jackson like the rest. */
    private static final int PHOTO_AS_IS_FROM = 1024;
    private static final boolean[] BASE64_ALPHABET = base64Alphabet();

    private final ByteBuffer utf8;

    private SharedContent(ByteBuffer utf8) {
        this.utf8 = utf8;
    }

    /** Writes the content JSON once, in direct memory: for a command that goes to many terminals. */
    public static SharedContent of(JsonNode content) {
        return of(json(content));
    }

    /**
     * Writes the content JSON for one terminal, on the heap: Netty copies it into its pooled buffers once, on the
     * write. A direct buffer per command would be freed only by a garbage collection, and at thousands of commands
     * a second the JDK's direct memory limit is reached between two: it then stalls the sender in System.gc().
     */
    public static SharedContent forOneTerminal(JsonNode content) {
        return new SharedContent(ByteBuffer.wrap(json(content)).asReadOnlyBuffer());
    }

    private static byte[] json(JsonNode content) {
        try {
            byte[] photoAsIs = withPhotoAsIs(content);
            return photoAsIs != null ? photoAsIs : FrameCodec.mapper().writeValueAsBytes(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The content with its photo written as it is: base64 needs no JSON escaping, and Jackson's check of every
     * character of a 40 KB photo was most of a command's cost (a profile of the push benchmark). Null when there is
     * no long photo, or it holds anything but the base64 alphabet: Jackson then writes the whole content.
     */
    private static byte[] withPhotoAsIs(JsonNode content) throws JsonProcessingException {
        JsonNode img = content instanceof ObjectNode ? content.get(PHOTO) : null;
        if (img == null || !img.isTextual() || img.textValue().length() < PHOTO_AS_IS_FROM) {
            return null;
        }
        // a character beyond Latin-1 becomes '?', which is not base64: refused below like any other
        byte[] photo = img.textValue().getBytes(StandardCharsets.ISO_8859_1);
        if (!isBase64Alphabet(photo)) {
            return null;
        }
        ObjectNode rest = ((ObjectNode) content).deepCopy();
        rest.remove(PHOTO);
        byte[] head = FrameCodec.mapper().writeValueAsBytes(rest); // {...}
        byte[] key = (rest.isEmpty() ? "\"" + PHOTO + "\":\"" : ",\"" + PHOTO + "\":\"")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] json = new byte[head.length - 1 + key.length + photo.length + 2];
        int at = head.length - 1; // without its closing brace
        System.arraycopy(head, 0, json, 0, at);
        System.arraycopy(key, 0, json, at, key.length);
        at += key.length;
        System.arraycopy(photo, 0, json, at, photo.length);
        at += photo.length;
        json[at++] = '"';
        json[at] = '}';
        return json;
    }

    private static boolean isBase64Alphabet(byte[] text) {
        for (byte b : text) {
            if (!BASE64_ALPHABET[b & 0xFF]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] base64Alphabet() {
        boolean[] alphabet = new boolean[256];
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".toCharArray()) {
            alphabet[c] = true;
        }
        return alphabet;
    }

    public static SharedContent of(String json) {
        return of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static SharedContent of(byte[] utf8) {
        ByteBuffer direct = ByteBuffer.allocateDirect(utf8.length);
        direct.put(utf8).flip();
        return new SharedContent(direct.asReadOnlyBuffer());
    }

    public int length() {
        return utf8.remaining();
    }

    /** A view of the shared bytes with its own indices; no copy. */
    ByteBuf view() {
        return Unpooled.wrappedBuffer(utf8.duplicate());
    }

    /** The bytes, copied: for logs and tests, never on the write path. */
    public String text() {
        byte[] copy = new byte[utf8.remaining()];
        utf8.duplicate().get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }
}
