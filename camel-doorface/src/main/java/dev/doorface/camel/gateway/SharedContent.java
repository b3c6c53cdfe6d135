package dev.doorface.camel.gateway;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long REPEAT_0X01 = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long REPEAT_0X20 = 0x20 * REPEAT_0X01;
    private static final long REPEAT_QUOTE = '"' * REPEAT_0X01;
    private static final long REPEAT_BACKSLASH = '\\' * REPEAT_0X01;
    private static final long REPEAT_QUESTION = '?' * REPEAT_0X01;

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

    /**
     * Content another node of a cluster wrote (with {@link #forOneTerminal} or {@link #of}), for a terminal here: read
     * once as a stream, without building a tree, to be sure it is one JSON object and nothing more, then sent as it
     * came. A node of the cluster is trusted to send the UTF-8 it wrote; the check keeps a stray message off the
     * terminals.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON object
     */
    public static SharedContent fromOtherNode(byte[] utf8) {
        try (JsonParser parser = FrameCodec.mapper().createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("content is not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content goes on after its JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("content is not JSON: " + e.getMessage(), e);
        }
        return new SharedContent(ByteBuffer.wrap(utf8).asReadOnlyBuffer());
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
     * no long photo, or it holds a character that JSON escapes or that is not ASCII: Jackson then writes the whole
     * content.
     */
    private static byte[] withPhotoAsIs(JsonNode content) throws JsonProcessingException {
        JsonNode img = content instanceof ObjectNode ? content.get(PHOTO) : null;
        if (img == null || !img.isTextual() || img.textValue().length() < PHOTO_AS_IS_FROM) {
            return null;
        }
        // a character beyond Latin-1 becomes '?', which is refused below (as is a real '?': never in base64)
        byte[] photo = img.textValue().getBytes(StandardCharsets.ISO_8859_1);
        if (!copiesAsIs(photo)) {
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

    /**
     * Whether the text is printable ASCII without '"', '\\' and '?': what Jackson writes unchanged. Checked 8 bytes at
     * a time (a byte-by-byte check of a 40 KB photo was 12 % of the push benchmark's samples): a byte is bad when
     * its high bit is set, when it is below 0x20, or when it equals one of the three characters.
     */
    static boolean copiesAsIs(byte[] text) {
        int i = 0;
        // no branch per word: the JIT then checks several words per instruction (a 40 KB photo in about 2 µs here,
        // against 12 µs with a test per word and 14 µs byte by byte); a bad photo is rare and read to its end
        long bad = 0;
        for (int end = text.length - 7; i < end; i += 8) {
            long x = (long) LONGS.get(text, i);
            bad |= x | (x - REPEAT_0X20) & ~x | zeroByte(x ^ REPEAT_QUOTE) | zeroByte(x ^ REPEAT_BACKSLASH)
                   | zeroByte(x ^ REPEAT_QUESTION);
        }
        if ((bad & HIGH_BITS) != 0) {
            return false;
        }
        for (; i < text.length; i++) {
            byte b = text[i];
            if (b < 0x20 || b == '"' || b == '\\' || b == '?') { // a negative byte is 0x80 or above
                return false;
            }
        }
        return true;
    }

    /** The high bit of each byte of v that is zero is set (and maybe others of v's higher bytes: only any-ness counts). */
    private static long zeroByte(long v) {
        return (v - REPEAT_0X01) & ~v;
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

    /** The UTF-8 bytes, copied: to send the content to another node. */
    public byte[] bytes() {
        byte[] copy = new byte[utf8.remaining()];
        utf8.duplicate().get(copy);
        return copy;
    }

    /** The bytes, copied: for logs and tests, never on the write path. */
    public String text() {
        byte[] copy = new byte[utf8.remaining()];
        utf8.duplicate().get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }
}
