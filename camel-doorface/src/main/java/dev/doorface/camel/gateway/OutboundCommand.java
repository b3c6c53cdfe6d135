package dev.doorface.camel.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.doorface.camel.protocol.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A command ready for the wire: plain data with a deadline, so that it can cross a node boundary later. Its content is
 * shared with the other commands of the same broadcast; only the few bytes around it are its own.
 *
 * @param commandId     the correlation id the answer will carry
 * @param operation     the command name, as sent in the frame
 * @param content       the content JSON, or null for none (selectUser of every user)
 * @param timeoutMillis how long the caller waits for the answer, counted from submission
 * @param includePhotos whether a selectUser answer read while it arrives keeps the photos (their hashes are kept
 *                      either way)
 */
public record OutboundCommand(String commandId, String operation, SharedContent content, long timeoutMillis,
        boolean includePhotos) {

    /** A command whose answer keeps everything the terminal sends. */
    public OutboundCommand(String commandId, String operation, SharedContent content, long timeoutMillis) {
        this(commandId, operation, content, timeoutMillis, true);
    }

    private static final ByteBuffer TAIL = direct(FrameCodec.COMMAND_TAIL);

    public OutboundCommand {
        FrameCodec.commandHead(commandId, operation, content != null); // validates the words put in the frame
    }

    /**
     * The frame's UTF-8 bytes, built when it is written: this command's head, a view of the shared content and the
     * tail, composed without copying the content. Every part is direct memory freed by the JDK's cleaner, so whoever
     * writes the frame need not release it.
     */
    public ByteBuf frame() {
        ByteBuf head = Unpooled.wrappedBuffer(direct(FrameCodec.commandHead(commandId, operation, content != null)));
        ByteBuf tail = Unpooled.wrappedBuffer(TAIL.duplicate());
        return content == null ? Unpooled.wrappedBuffer(head, tail) : Unpooled.wrappedBuffer(head, content.view(), tail);
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer.asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return operation + "#" + commandId;
    }
}
