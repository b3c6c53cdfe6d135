package dev.doorface.camel;

import dev.doorface.camel.gateway.admission.TerminalAdmission;
import dev.doorface.camel.queue.CommandStore;
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
                            + " HEARTBEAT, DISCONNECTED, COMMAND_RESULT. Heartbeats and command results (outcomes of"
                            + " queued commands) are left out unless asked for.")
    private String events = "REGISTERED,ACCESS,USER_ADDED,DISCONNECTED";

    @UriParam(label = "common,advanced", defaultValue = "true",
              description = "Whether the route may block (a database, a file, a remote call) where the component"
                            + " hands it on. Consumer: true runs each event's exchange on the gateway's worker pool"
                            + " (workerPoolSize threads); false runs it on the event loop of the terminal's connection,"
                            + " which saves two thread hand-overs per event (most of the component's cost per event)."
                            + " Batches (batchSize over 1) always run on the worker pool. Producer: true continues the"
                            + " exchange on a worker thread once the terminal has answered; false continues it on the"
                            + " event loop that received the answer, which saves a hand-over per command (commands for"
                            + " one terminal; broadcasts, queued commands and reconcile always continue on a worker"
                            + " thread). false only for a route that never blocks there, for example one that only"
                            + " transforms or hands the result on asynchronously: a blocking step stalls every"
                            + " terminal on that event loop.")
    private boolean blocking = true;

    @UriParam(label = "consumer", defaultValue = "1",
              description = "Most events handed to the route in one exchange (group commit: a route can store them in"
                            + " one transaction). 1, the default, hands over each event alone with its headers. More:"
                            + " the body is a java.util.List of the events (TerminalEvent, in arrival order; a"
                            + " terminal's events keep their order, one per batch at most), the header"
                            + " CamelDoorfaceBatchSize tells how many, the per-event headers are not set, and each"
                            + " event's terminal is answered when the batch's exchange is over: 200 when it completed,"
                            + " 500 to every one of them when it failed. See batchTimeout.")
    private int batchSize = 1;

    @UriParam(label = "consumer", defaultValue = "5", javaType = "java.time.Duration",
              description = "With batchSize over 1: milliseconds a batch waits after its first event for more before"
                            + " it goes to the route (at once when it holds batchSize). A batch also takes events that"
                            + " arrive while it waits for a free worker thread, up to batchSize. 0: no wait, a batch"
                            + " holds what arrived until a worker thread takes it. Each waiting terminal's answer is"
                            + " delayed by up to this much.")
    private long batchTimeout = 5;

    @UriParam(label = "consumer", defaultValue = "0",
              description = "With batchSize over 1: most batches in the route at once; 0, the default, for no bound"
                            + " (as many as the worker pool runs). While that many are in the route, the next batch"
                            + " keeps taking events, up to batchSize, and goes to the route as soon as one of them"
                            + " completes: batches grow while the route is the bottleneck (more events per"
                            + " transaction) and stay small while it keeps up. With batchTimeout=0 this is group"
                            + " commit without a fixed wait; 1 or 2 suit a route that writes to one database.")
    private int concurrentBatches;

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

    @UriParam(label = "producer", defaultValue = "true",
              description = "Whether selectUser results carry each user's photo (img). Every user carries"
                            + " photoSha256 either way. Set false to list a terminal with thousands of faces without"
                            + " holding their photos in memory.")
    private boolean includePhotos = true;

    @UriParam(label = "producer", defaultValue = "fail", enums = "fail,queue",
              description = "What a command to a terminal that is not connected does: fail (the exchange fails with"
                            + " TerminalNotConnectedException, nothing is kept) or queue (the command is stored in the"
                            + " commandStore, the exchange completes at once with a QueuedCommandResult, and the"
                            + " command is sent when the terminal registers again, before newer direct commands; its"
                            + " outcome is a COMMAND_RESULT event). With queue, a broadcast (an asterisk as deviceSn)"
                            + " also covers every known terminal that is offline.")
    private String whenOffline = "fail";

    @UriParam(label = "producer",
              description = "Where queued commands are kept (whenOffline=queue, listCommands, cancelCommand): a bean"
                            + " (#name) implementing dev.doorface.camel.queue.CommandStore, such as a"
                            + " JdbcCommandStore on a DataSource. Defaults to the component's commandStore, else to an"
                            + " in-memory store shared by the component's endpoints (lost on restart). Gateway-wide:"
                            + " the endpoints of one gateway must name the same store.")
    private CommandStore commandStore;

    @UriParam(label = "producer", defaultValue = "604800000", javaType = "java.time.Duration",
              description = "How long (milliseconds, or a duration such as 7d) a queued command may wait for its"
                            + " terminal; then it becomes EXPIRED and is never sent. 0 or less: it never expires.")
    private long commandTimeToLive = 604800000L;

    @UriParam(label = "producer", defaultValue = "10",
              description = "Most commands per second a reconcile sends to its terminal (deletes, edits and adds, one"
                            + " in flight at a time), so that a terminal with many differences keeps time for its"
                            + " access events; the pauses hold no thread. 0 or less: no pause between commands.")
    private double reconcileRate = 10;

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

    @UriParam(label = "gateway", defaultValue = "1073741824",
              description = "Largest answer (bytes) to a selectUser command in flight. An answer that outgrows"
                            + " maxMessageSize is read while it arrives, without holding it whole: buffered input stays"
                            + " under maxMessageSize and one value (a photo) may be at most maxMessageSize. A larger"
                            + " answer, or a large message that is not the awaited answer, closes the connection with"
                            + " status 1009. Gateway-wide.")
    private long maxAnswerSize = 1024L * 1024 * 1024;

    @UriParam(label = "gateway", defaultValue = "20",
              description = "Threads that run routes for terminal events and complete commands: the most events"
                            + " handled at once. Each terminal has at most one event in a route at a time. Gateway-wide.")
    private int workerPoolSize = 20;

    @UriParam(label = "gateway", defaultValue = "8",
              description = "Reports of one terminal that may wait for their turn; at this many the gateway stops"
                            + " reading that terminal's socket until half of them are handled, so TCP holds the"
                            + " terminal back instead of the gateway buffering. Gateway-wide.")
    private int maxPendingReports = 8;

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
                            + " before it is closed with status 4003 (checked every quarter of it, at most every"
                            + " second). Gateway-wide.")
    private long registrationTimeout = 30000;

    @UriParam(label = "security", description = "TLS for the gateway (wss://). Gateway-wide.")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "security",
              description = "Comma-separated serial numbers (sn) that may register; any other registration is answered"
                            + " 500 and its connection closed with status 1008. Empty admits every sn. Gateway-wide.")
    private String allowedSerials;

    @UriParam(label = "security",
              description = "A text file of serial numbers that may register, in addition to allowedSerials: one or"
                            + " more per line (comma-separated), blank lines and lines starting with # ignored. Read"
                            + " when the gateway starts (restart the routes to reload); a file that cannot be read"
                            + " fails the start. Set, it switches the allow-list on even when empty. Gateway-wide.")
    private String allowedSerialsFile;

    @UriParam(label = "security", secret = true,
              description = "Secret every terminal's connection URL must carry in its query string as token=<value>"
                            + " (URL-encoded); a WebSocket without it, or with another value, is"
                            + " refused at the handshake with HTTP 403. Compared in constant time, never logged."
                            + " Visible to anyone on the network path unless the gateway uses wss://. Empty: no token."
                            + " Gateway-wide.")
    private String terminalToken;

    @UriParam(label = "security", defaultValue = "false",
              description = "Hold each sn to the MAC address it first registered with since the gateway started; a"
                            + " registration of that sn with another (or no) MAC is refused. Kept in memory: a restart"
                            + " of the gateway forgets the pins. Gateway-wide.")
    private boolean pinMac;

    @UriParam(label = "security",
              description = "A bean (#name) implementing dev.doorface.camel.gateway.admission.TerminalAdmission that"
                            + " decides whether a registering terminal is admitted, from its sn, mac, ip (as reported),"
                            + " remote address, request path and query string. Runs on a worker thread after the"
                            + " allow-list; a refusal, exception or null refuses. Gateway-wide.")
    private TerminalAdmission terminalAdmission;

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

    public boolean isBlocking() {
        return blocking;
    }

    public void setBlocking(boolean blocking) {
        this.blocking = blocking;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(long batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public int getConcurrentBatches() {
        return concurrentBatches;
    }

    public void setConcurrentBatches(int concurrentBatches) {
        this.concurrentBatches = concurrentBatches;
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

    public String getWhenOffline() {
        return whenOffline;
    }

    public void setWhenOffline(String whenOffline) {
        this.whenOffline = whenOffline;
    }

    /** Whether commands for a terminal not connected are queued. */
    public boolean queuesWhenOffline() {
        if ("queue".equalsIgnoreCase(whenOffline)) {
            return true;
        }
        if (whenOffline == null || "fail".equalsIgnoreCase(whenOffline)) {
            return false;
        }
        throw new IllegalArgumentException("whenOffline=" + whenOffline + " is neither fail nor queue");
    }

    public CommandStore getCommandStore() {
        return commandStore;
    }

    public void setCommandStore(CommandStore commandStore) {
        this.commandStore = commandStore;
    }

    public long getCommandTimeToLive() {
        return commandTimeToLive;
    }

    public void setCommandTimeToLive(long commandTimeToLive) {
        this.commandTimeToLive = commandTimeToLive;
    }

    public double getReconcileRate() {
        return reconcileRate;
    }

    public void setReconcileRate(double reconcileRate) {
        this.reconcileRate = reconcileRate;
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

    public long getMaxAnswerSize() {
        return maxAnswerSize;
    }

    public void setMaxAnswerSize(long maxAnswerSize) {
        this.maxAnswerSize = maxAnswerSize;
    }

    public boolean isIncludePhotos() {
        return includePhotos;
    }

    public void setIncludePhotos(boolean includePhotos) {
        this.includePhotos = includePhotos;
    }

    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getWorkerPoolSize() {
        return workerPoolSize;
    }

    public void setWorkerPoolSize(int workerPoolSize) {
        this.workerPoolSize = workerPoolSize;
    }

    public int getMaxPendingReports() {
        return maxPendingReports;
    }

    public void setMaxPendingReports(int maxPendingReports) {
        this.maxPendingReports = maxPendingReports;
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

    public String getAllowedSerials() {
        return allowedSerials;
    }

    public void setAllowedSerials(String allowedSerials) {
        this.allowedSerials = allowedSerials;
    }

    public String getAllowedSerialsFile() {
        return allowedSerialsFile;
    }

    public void setAllowedSerialsFile(String allowedSerialsFile) {
        this.allowedSerialsFile = allowedSerialsFile;
    }

    public String getTerminalToken() {
        return terminalToken;
    }

    public void setTerminalToken(String terminalToken) {
        this.terminalToken = terminalToken;
    }

    public boolean isPinMac() {
        return pinMac;
    }

    public void setPinMac(boolean pinMac) {
        this.pinMac = pinMac;
    }

    public TerminalAdmission getTerminalAdmission() {
        return terminalAdmission;
    }

    public void setTerminalAdmission(TerminalAdmission terminalAdmission) {
        this.terminalAdmission = terminalAdmission;
    }
}
