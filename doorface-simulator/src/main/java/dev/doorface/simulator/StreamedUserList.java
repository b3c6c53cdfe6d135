package dev.doorface.simulator;

import java.util.List;

import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;

/**
 * Writes the answer to a selectUser of every user as one WebSocket message of any size, in frames, making each
 * generated user only when its turn comes and writing only while the socket's write queue has room: a terminal with
 * 20,000 faces answers without holding them. The commandId comes last, after the users, as nothing in the protocol
 * forbids. Runs on the terminal's context.
 */
final class StreamedUserList {

    private final WebSocket socket;
    private final List<SimUser> stored;
    private final GeneratedUsers generated;
    private final String commandId;
    private final int frameSize;
    private final Runnable done;
    private Buffer pending = Buffer.buffer();
    private int next;
    private boolean finished;

    StreamedUserList(WebSocket socket, List<SimUser> stored, GeneratedUsers generated, String commandId,
            int frameSize, Runnable done) {
        this.socket = socket;
        this.stored = stored;
        this.generated = generated;
        this.commandId = commandId;
        this.frameSize = frameSize;
        this.done = done;
    }

    void start() {
        // the first frame is ASCII; the others are bytes cut anywhere, a character across two frames included
        socket.writeFrame(WebSocketFrame.textFrame("{\"code\":\"203\",\"content\":[", false));
        writeSome();
    }

    private void writeSome() {
        int total = stored.size() + generated.count();
        while (!finished) {
            if (socket.isClosed()) {
                finish();
                return;
            }
            if (socket.writeQueueFull()) {
                socket.drainHandler(v -> {
                    socket.drainHandler(null);
                    writeSome();
                });
                return;
            }
            while (pending.length() < frameSize && next < total) {
                SimUser user = next < stored.size() ? stored.get(next) : generated.user(next - stored.size());
                if (next > 0) {
                    pending.appendString(",");
                }
                pending.appendString(SimulatedTerminal.write(SimulatedTerminal.userJson(user)));
                next++;
            }
            boolean last = next >= total;
            if (last) {
                pending.appendString("],\"commandId\":")
                        .appendString(commandId == null ? "null" : new TextNode(commandId).toString())
                        .appendString("}");
            }
            // whole frames of frameSize; the rest waits for the next user unless this is the end
            int length = last ? pending.length() : frameSize;
            if (!last && pending.length() < frameSize) {
                continue;
            }
            Buffer chunk = pending.getBuffer(0, length);
            pending = pending.getBuffer(length, pending.length());
            boolean end = last && pending.length() == 0;
            socket.writeFrame(WebSocketFrame.continuationFrame(chunk, end));
            if (end) {
                finish();
            }
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            done.run();
        }
    }
}
