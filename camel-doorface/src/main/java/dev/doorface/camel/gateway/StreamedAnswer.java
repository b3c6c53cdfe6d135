package dev.doorface.camel.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.MalformedFrameException;
import dev.doorface.camel.protocol.UserListStream;

/**
 * An answer too big to hold, read while it arrives: the session hands over its frames in order, a worker feeds them
 * one after another to a {@link UserListStream}, never the event loop. While more than half of maxMessageSize waits
 * for the parser the session stops reading the socket, and reads again once a quarter is left, so TCP holds the
 * terminal back instead of the heap. Frames are handed over on the event loop; the callbacks come from workers.
 */
final class StreamedAnswer {

    /** What the session does for the reader. */
    interface Flow {
        /** On the event loop, while a frame is handed over: stops reading before the next frame. */
        void pauseReading();

        /** On the event loop, from {@link #mayResume()}. */
        void resumeReading();

        /** From a worker: the bytes waiting fell to a quarter; the session calls {@link #mayResume()} on its loop. */
        void drained(StreamedAnswer answer);

        /** On the event loop: this many bytes wait for the parser now. */
        void buffered(long bytes);
    }

    private final UserListStream stream;
    private final Executor worker;
    private final Flow flow;
    private final long pauseAt;
    private final AtomicLong waiting = new AtomicLong();
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    /** Confined to the event loop, so a pause and a resume never cross. */
    private boolean paused;
    private volatile boolean abandoned;

    StreamedAnswer(UserListStream stream, Executor worker, int maxMessageSize, Flow flow) {
        this.stream = stream;
        this.worker = worker;
        this.flow = flow;
        this.pauseAt = maxMessageSize / 2;
    }

    /** Completes with the answer once its last byte is read, or fails with why it cannot be read. */
    CompletableFuture<Answer> result() {
        return result;
    }

    /** On the event loop: the next bytes of the answer, in order; last ends it. */
    void feed(byte[] bytes, boolean last) {
        long now = waiting.addAndGet(bytes.length);
        flow.buffered(now);
        if (now >= pauseAt && !paused) {
            paused = true;
            flow.pauseReading();
        }
        chain = chain.thenCompose(v -> Offload.supply(worker, () -> {
            read(bytes, last);
            return null;
        }));
        // a feed that failed fails the answer at once: its socket may be paused and no last frame would come
        chain.whenComplete((v, error) -> {
            if (error != null) {
                fail(error);
            }
        });
    }

    /** On the event loop: reads the socket again if a quarter of maxMessageSize or less still waits. */
    void mayResume() {
        if (paused && waiting.get() <= pauseAt / 2) {
            paused = false;
            flow.resumeReading();
        }
    }

    /** The connection ended or the answer was given up: the bytes still queued are dropped unread. */
    void abandon() {
        abandoned = true;
        result.completeExceptionally(new MalformedFrameException("connection ended during the answer", true));
    }

    private void read(byte[] bytes, boolean last) {
        try {
            if (!abandoned && !result.isDone()) {
                stream.feed(bytes);
                if (last) {
                    result.complete(stream.finish());
                }
            }
        } catch (MalformedFrameException e) {
            throw new CompletionException(e);
        } finally {
            long left = waiting.addAndGet(-bytes.length);
            // every fall through the mark is reported: one after a pause always comes after it on the event loop
            if (left <= pauseAt / 2 && left + bytes.length > pauseAt / 2) {
                flow.drained(this);
            }
        }
    }

    private void fail(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        result.completeExceptionally(cause);
    }
}
