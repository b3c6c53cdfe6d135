package dev.doorface.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Binds a port for a moment before the gateway starts. The REST API server (platform-http) only logs a port it cannot
 * bind and starts without an API, and the terminal server fails with a stack trace; checking first gives one clear
 * line instead. The port is released at once, so the window for another process to take it is the few hundred
 * milliseconds until Camel binds it.
 */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * @param what    what the port is for, as the message shows it
     * @param setting the setting that chooses the port
     * @throws GatewayStartupException when the port cannot be bound
     */
    static void canBind(String what, String host, int port, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new GatewayStartupException("Port " + port + " on " + host + " (" + what + ") cannot be bound: "
                                              + e.getMessage() + ". Stop what uses it or choose another port with -D"
                                              + setting + "=<port>");
        }
    }
}
