package dev.doorface.camel;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Options of a doorface endpoint. Options labelled gateway-wide must agree among all endpoints naming the same host and
 * port: they configure the one server those endpoints share.
 */
@UriParams
public class DoorfaceConfiguration implements Cloneable {

    @UriPath(description = "Address the gateway listens on, for example 0.0.0.0 for every interface.")
    @Metadata(required = true)
    private String host;

    @UriPath(description = "Port the gateway listens on for terminal WebSocket connections.")
    @Metadata(required = true)
    private int port;

    @UriPath(description = "WebSocket path terminals connect to (the vendor document leaves it open).",
             defaultValue = "/")
    private String path = "/";

    @UriParam(label = "consumer", defaultValue = "REGISTERED,ACCESS,USER_ADDED,DISCONNECTED",
              description = "Comma-separated kinds of event this consumer receives: REGISTERED, ACCESS, USER_ADDED,"
                            + " HEARTBEAT, DISCONNECTED. Heartbeats are left out unless asked for.")
    private String events = "REGISTERED,ACCESS,USER_ADDED,DISCONNECTED";

    @UriParam(label = "producer", description = "The command to send. The CamelDoorfaceOperation header overrides it.")
    private DoorfaceOperation operation;

    @UriParam(label = "producer",
              description = "Serial number (sn) of the terminal to send commands to. An asterisk sends to every"
                            + " registered terminal and returns one TerminalResult per terminal. The"
                            + " CamelDoorfaceDeviceSn header overrides it.")
    private String deviceSn;

    @UriParam(label = "producer", defaultValue = "30000", javaType = "java.time.Duration",
              description = "Milliseconds a command waits for the terminal's answer, counted from when it is accepted"
                            + " (time queued behind another command of the same terminal included).")
    private long requestTimeout = 30000;

    @UriParam(label = "gateway", defaultValue = "20",
              description = "Heartbeat interval in seconds that registering terminals are told to use. Gateway-wide.")
    private int heartbeatInterval = 20;

    @UriParam(label = "gateway", defaultValue = "3",
              description = "A terminal that sends nothing for this many heartbeat intervals is disconnected."
                            + " Gateway-wide.")
    private int heartbeatMisses = 3;

    @UriParam(label = "gateway", defaultValue = "16777216",
              description = "Largest WebSocket message (bytes) a terminal may send; a larger one closes that connection"
                            + " with status 1009. Photos travel as base64 inside messages. Gateway-wide.")
    private int maxMessageSize = 16 * 1024 * 1024;

    @UriParam(label = "gateway", defaultValue = "0",
              description = "Number of server instances listening on the port, each on its own event loop, among which"
                            + " connections are spread. 0 means one per processor core. Gateway-wide.")
    private int serverInstances;

    @UriParam(label = "gateway", defaultValue = "10000",
              description = "Most terminal connections the gateway holds at once; a WebSocket handshake beyond it is"
                            + " refused with HTTP 503. Gateway-wide.")
    private int maxConnections = 10000;

    @UriParam(label = "gateway", defaultValue = "30000", javaType = "java.time.Duration",
              description = "Milliseconds (or a duration such as 30s) a connection has to register (report 205)"
                            + " before it is closed with status 4003. Gateway-wide.")
    private long registrationTimeout = 30000;

    @UriParam(label = "security", description = "TLS for the gateway (wss://). Gateway-wide.")
    private SSLContextParameters sslContextParameters;

    public DoorfaceConfiguration copy() {
        try {
            return (DoorfaceConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getEvents() {
        return events;
    }

    public void setEvents(String events) {
        this.events = events;
    }

    public DoorfaceOperation getOperation() {
        return operation;
    }

    public void setOperation(DoorfaceOperation operation) {
        this.operation = operation;
    }

    public String getDeviceSn() {
        return deviceSn;
    }

    public void setDeviceSn(String deviceSn) {
        this.deviceSn = deviceSn;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(int heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public int getHeartbeatMisses() {
        return heartbeatMisses;
    }

    public void setHeartbeatMisses(int heartbeatMisses) {
        this.heartbeatMisses = heartbeatMisses;
    }

    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getServerInstances() {
        return serverInstances;
    }

    public void setServerInstances(int serverInstances) {
        this.serverInstances = serverInstances;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public long getRegistrationTimeout() {
        return registrationTimeout;
    }

    public void setRegistrationTimeout(long registrationTimeout) {
        this.registrationTimeout = registrationTimeout;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }
}
