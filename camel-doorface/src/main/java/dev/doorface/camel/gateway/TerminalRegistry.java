package dev.doorface.camel.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terminals registered on a gateway, by sn. A newer registration takes over an older one; a connection leaving
 * removes its entry only if it still holds it, so a late close of a replaced connection never unregisters the new one.
 */
final class TerminalRegistry {

    private final Map<String, TerminalSession> bySn = new ConcurrentHashMap<>();

    /** Registers the session under sn and returns the session it replaced, if any. */
    TerminalSession register(String sn, TerminalSession session) {
        TerminalSession previous = bySn.put(sn, session);
        return previous == session ? null : previous;
    }

    /** Removes the entry only if this session still holds it; true when it did. */
    boolean unregister(String sn, TerminalSession session) {
        return sn != null && bySn.remove(sn, session);
    }

    TerminalSession find(String sn) {
        return sn == null ? null : bySn.get(sn);
    }

    List<String> serialNumbers() {
        List<String> list = new ArrayList<>(bySn.keySet());
        list.sort(null);
        return list;
    }

    int size() {
        return bySn.size();
    }
}
