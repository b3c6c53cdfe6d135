package dev.doorface.camel.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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

    private final ByteBuffer utf8;

    private SharedContent(ByteBuffer utf8) {
        this.utf8 = utf8;
    }

    /** Writes the content JSON once. */
    public static SharedContent of(JsonNode content) {
        try {
            return of(FrameCodec.mapper().writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
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
