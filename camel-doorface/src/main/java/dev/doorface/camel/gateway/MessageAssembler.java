package dev.doorface.camel.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins WebSocket frames into messages under a size limit. Vert.x's own aggregation, past its limit, drops the message
 * and keeps the connection open; this one lets the session close it.
 */
final class MessageAssembler {

    static final class TooBigException extends Exception {
        private final transient Buffer received;
        private final boolean last;

        TooBigException(long size, int limit, Buffer received, boolean last) {
            super("message of at least " + size + " bytes exceeds maxMessageSize " + limit);
            this.received = received;
            this.last = last;
        }

        /** The bytes of the message received so far, this frame's included: for a reader that takes it on. */
        Buffer received() {
            return received;
        }

        /** Whether the frame that crossed the limit ended the message. */
        boolean last() {
            return last;
        }
    }

    private final int maxMessageSize;
    private Buffer partial;

    MessageAssembler(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * @return the message bytes when this frame completed one, otherwise null
     */
    Buffer onFrame(WebSocketFrame frame) throws TooBigException {
        if (frame.isText() || frame.isBinary()) {
            partial = null;
        } else if (!frame.isContinuation() || partial == null) {
            return null; // control frames are Vert.x's; a stray continuation belongs to nothing
        }
        Buffer data = frame.binaryData();
        long size = (partial == null ? 0 : partial.length()) + (long) data.length();
        if (size > maxMessageSize) {
            Buffer received = partial == null ? data : partial.appendBuffer(data);
            partial = null;
            throw new TooBigException(size, maxMessageSize, received, frame.isFinal());
        }
        if (frame.isFinal()) {
            Buffer whole = partial == null ? data : partial.appendBuffer(data);
            partial = null;
            return whole;
        }
        if (partial == null) {
            partial = Buffer.buffer((int) Math.min(maxMessageSize, size * 4));
        }
        partial.appendBuffer(data);
        return null;
    }
}
