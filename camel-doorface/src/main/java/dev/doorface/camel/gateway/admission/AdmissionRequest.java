package dev.doorface.camel.gateway.admission;

/**
 * A terminal asking to register.
 *
 * @param sn            serial number the terminal reported
 * @param mac           MAC address it reported, or null
 * @param ip            IP address it reported for itself, or null
 * @param remoteAddress ip:port its connection comes from, as the gateway sees it
 * @param path          the WebSocket request path
 * @param query         the raw query string of the WebSocket request (without '?'), or null; may hold a secret
 */
public record AdmissionRequest(String sn, String mac, String ip, String remoteAddress, String path, String query) {

    /** Leaves the query out: it may carry the terminal token. */
    @Override
    public String toString() {
        return "AdmissionRequest[sn=" + sn + ", mac=" + mac + ", ip=" + ip + ", remoteAddress=" + remoteAddress
               + ", path=" + path + "]";
    }
}
