package dev.doorface.camel.gateway;

import io.netty.buffer.ByteBuf;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * A whole text message as one WebSocket frame over bytes we already hold (a command whose content is shared by a
 * broadcast). Vert.x 4.5's public API makes text frames only from a String, which would copy the content once per
 * terminal, so this is the one place that uses its frame class directly. Vert.x neither copies nor releases the bytes
 * (it wraps them as unreleasable): they must be memory the garbage collector frees, as {@link OutboundCommand#frame()}
 * makes them.
 */
final class TextFrames {

    private TextFrames() {
    }

    static WebSocketFrame of(ByteBuf utf8) {
        return new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true);
    }
}
