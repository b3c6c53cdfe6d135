package dev.doorface.camel.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins WebSocket frames into messages under a size limit. Vert.x's own aggregation, past its limit, drops the message
 * and keeps the connection open; this one lets the session close it.
 */
final class MessageAssembler {

    static final class TooBigException extends Exception {
        TooBigException(long size, int limit) {
            super("message of at least " + size + " bytes exceeds maxMessageSize " + limit);
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
            partial = null;
            throw new TooBigException(size, maxMessageSize);
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
