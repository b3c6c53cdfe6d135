package dev.doorface.camel.gateway.admission;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds each sn to the MAC address it first registered with. In memory: the pins last as long as the gateway
 * (process restart, or the last route on that host:port stopping, forgets them).
 */
final class MacPins {

    private final Map<String, String> macBySn = new ConcurrentHashMap<>();

    /** Pins sn to mac when it is the first, and admits only the pinned MAC afterwards. */
    AdmissionDecision check(String sn, String mac) {
        String normalized = normalize(mac);
        if (normalized.isEmpty()) {
            return AdmissionDecision.refuse("no mac reported (pinMac is on)");
        }
        String pinned = macBySn.putIfAbsent(sn, normalized);
        if (pinned == null || pinned.equals(normalized)) {
            return AdmissionDecision.admit();
        }
        return AdmissionDecision.refuse("mac " + mac + " differs from the mac " + pinned + " this sn is pinned to");
    }

    /** 02:ab:CD-.. and 02ABCD.. are the same address. */
    static String normalize(String mac) {
        if (mac == null) {
            return "";
        }
        StringBuilder hex = new StringBuilder(mac.length());
        for (char c : mac.toCharArray()) {
            if (c != ':' && c != '-' && c != '.' && !Character.isWhitespace(c)) {
                hex.append(c);
            }
        }
        return hex.toString().toUpperCase(Locale.ROOT);
    }
}
