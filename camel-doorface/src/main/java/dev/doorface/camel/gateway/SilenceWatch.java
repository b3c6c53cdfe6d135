package dev.doorface.camel.gateway;

import java.util.ArrayList;

import io.vertx.core.Vertx;

/**
 * Checks, for the connections of one event loop, how long each terminal has been silent, and whether a connection
 * has registered within the registration timeout: one periodic timer per event loop rather than timers per
 * connection, which held about 180 bytes per terminal (the timer task, its handler, its id boxed and the map entry
 * Vert.x keeps it in): 1.8 MB at 10,000 terminals; and cancelling a registration timer per connection was a sixth
 * of the registration's own samples in a storm's profile. A silence or a missed registration is noticed within one
 * period after its limit.
 *
 * <p>Confined to its event loop: sessions are added, removed and checked on it, so no lock.
 */
final class SilenceWatch {

    private final Vertx vertx;
    private final ArrayList<TerminalSession> sessions = new ArrayList<>();
    private final long timer;

    /** Created on its event loop, whose context the checks then run on, every periodMillis. */
    SilenceWatch(Vertx vertx, long periodMillis) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(periodMillis, periodMillis, tick -> check());
    }

    /** How often to check for a limit (the shorter of expiry and registration timeout): a quarter, 10 ms to 1 s. */
    static long periodFor(long limitMillis) {
        return Math.max(10, Math.min(1000, limitMillis / 4));
    }

    /** On the event loop: the session is watched from now on. */
    void add(TerminalSession session) {
        session.watchIndex = sessions.size();
        sessions.add(session);
    }

    /** On the event loop: the session is no longer watched (its connection closed). */
    void remove(TerminalSession session) {
        int at = session.watchIndex;
        if (at < 0 || at >= sessions.size() || sessions.get(at) != session) {
            return;
        }
        TerminalSession last = sessions.remove(sessions.size() - 1);
        if (last != session) {
            sessions.set(at, last);
            last.watchIndex = at;
        }
        session.watchIndex = -1;
    }

    /** Sessions watched now (tests). */
    int watched() {
        return sessions.size();
    }

    private void check() {
        // from the end: a session that closes at once during the check is swapped with one already checked
        for (int i = sessions.size() - 1; i >= 0; i--) {
            if (i < sessions.size()) {
                sessions.get(i).checkSilence();
            }
        }
    }

    void stop() {
        vertx.cancelTimer(timer);
    }
}
