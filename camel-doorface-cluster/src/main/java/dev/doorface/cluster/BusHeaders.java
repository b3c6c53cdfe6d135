package dev.doorface.cluster;

/** Header names and values of the messages nodes exchange over NATS. */
final class BusHeaders {

    static final String SN = "Doorface-Sn";
    static final String COMMAND_ID = "Doorface-Command-Id";
    static final String OPERATION = "Doorface-Operation";
    static final String TIMEOUT = "Doorface-Timeout";
    static final String PHOTOS = "Doorface-Photos";
    /** "none" when the command has no content (its body is then empty). */
    static final String CONTENT = "Doorface-Content";
    static final String SESSION = "Doorface-Session";
    static final String CONTROL = "Doorface-Control";
    static final String OUTCOME = "Doorface-Outcome";
    static final String MESSAGE = "Doorface-Message";
    /** A reply too big for one message comes in parts, numbered from 1. */
    static final String PART = "Doorface-Part";
    static final String PARTS = "Doorface-Parts";

    /** Control: another node holds a newer registration of the terminal; close this connection of it. */
    static final String REPLACED = "replaced";
    /** Control: commands were stored for the terminal; deliver them. */
    static final String QUEUED = "queued";

    private BusHeaders() {
    }

    /** A header value NATS takes: printable ASCII only, at most 500 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 500));
        for (int i = 0; i < text.length() && out.length() < 500; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
