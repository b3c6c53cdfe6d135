package dev.doorface.camel.gateway;

/**
 * What the dev console shows of one registered terminal: a copy taken without locks, so it may be a moment old.
 *
 * @param sn              the terminal's serial number
 * @param remoteAddress   host:port its connection comes from
 * @param registeredAt    when this connection registered (epoch millis)
 * @param lastHeartbeat   when it last sent a heartbeat (epoch millis), 0 for none yet
 * @param commandsWaiting commands for it waiting to be sent or answered (not those stored while it was offline)
 */
public record TerminalView(String sn, String remoteAddress, long registeredAt, long lastHeartbeat,
        int commandsWaiting) {
}
