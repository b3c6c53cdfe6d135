package dev.doorface.camel.model;

/**
 * A terminal registered (205).
 *
 * @param sn            serial number
 * @param ip            IP address the terminal reported for itself
 * @param mac           MAC address
 * @param type          0 entry and exit, 1 exit, 2 entry
 * @param remoteAddress the address its connection comes from, as the gateway sees it
 */
public record TerminalRegistered(String sn, String ip, String mac, String type, String remoteAddress)
        implements TerminalEvent {

    @Override
    public EventKind kind() {
        return EventKind.REGISTERED;
    }
}
