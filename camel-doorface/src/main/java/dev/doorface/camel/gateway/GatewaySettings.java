package dev.doorface.camel.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.doorface.camel.DoorfaceConfiguration;
import dev.doorface.camel.gateway.admission.AdmissionSettings;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * What one gateway server is: where it listens and the limits it holds terminals to.
 */
public record GatewaySettings(
        String host, int port, String path, int heartbeatIntervalSeconds, int heartbeatMisses, int maxMessageSize,
        int workerPoolSize, int maxPendingReports, SSLContextParameters ssl, AdmissionSettings admission,
        int serverInstances, int maxConnections, long registrationTimeoutMillis, long maxAnswerSize) {

    public GatewaySettings {
        if (heartbeatIntervalSeconds < 1) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 1 second, was " + heartbeatIntervalSeconds);
        }
        if (heartbeatMisses < 1) {
            throw new IllegalArgumentException("heartbeatMisses must be at least 1, was " + heartbeatMisses);
        }
        if (admission == null) {
            admission = AdmissionSettings.none();
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1024 bytes, was " + maxMessageSize);
        }
        if (maxAnswerSize < maxMessageSize) {
            throw new IllegalArgumentException("maxAnswerSize must be at least maxMessageSize (" + maxMessageSize
                                               + "), was " + maxAnswerSize);
        }
        if (workerPoolSize < 1) {
            throw new IllegalArgumentException("workerPoolSize must be at least 1, was " + workerPoolSize);
        }
        if (maxPendingReports < 1) {
            throw new IllegalArgumentException("maxPendingReports must be at least 1, was " + maxPendingReports);
        }
        if (serverInstances < 1) {
            throw new IllegalArgumentException("serverInstances must be at least 1, was " + serverInstances);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (registrationTimeoutMillis < 1) {
            throw new IllegalArgumentException(
                    "registrationTimeout must be at least 1 millisecond, was " + registrationTimeoutMillis);
        }
    }

    public static GatewaySettings of(DoorfaceConfiguration c) {
        return new GatewaySettings(c.getHost(), c.getPort(), c.getPath(), c.getHeartbeatInterval(),
                c.getHeartbeatMisses(), c.getMaxMessageSize(), c.getWorkerPoolSize(), c.getMaxPendingReports(),
                c.getSslContextParameters(),
                AdmissionSettings.of(c.getAllowedSerials(), c.getAllowedSerialsFile(), c.getTerminalToken(),
                        c.isPinMac(), c.getTerminalAdmission()),
                c.getServerInstances() == 0 ? defaultServerInstances() : c.getServerInstances(), c.getMaxConnections(),
                c.getRegistrationTimeout(), c.getMaxAnswerSize());
    }

    /** One server instance, hence one event loop, per processor core: what serverInstances 0 means. */
    public static int defaultServerInstances() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** host:port, the key endpoints share a gateway by. */
    public String address() {
        return host + ":" + port;
    }

    /** Silence after which a terminal is dropped. */
    public long expiryMillis() {
        return heartbeatIntervalSeconds * 1000L * heartbeatMisses;
    }

    /**
     * Names the settings where another endpoint asks the same host:port for something else; empty when they agree.
     */
    public List<String> conflictsWith(GatewaySettings other) {
        List<String> conflicts = new ArrayList<>();
        differ(conflicts, "path", path, other.path);
        differ(conflicts, "heartbeatInterval", heartbeatIntervalSeconds, other.heartbeatIntervalSeconds);
        differ(conflicts, "heartbeatMisses", heartbeatMisses, other.heartbeatMisses);
        differ(conflicts, "maxMessageSize", maxMessageSize, other.maxMessageSize);
        differ(conflicts, "maxAnswerSize", maxAnswerSize, other.maxAnswerSize);
        differ(conflicts, "workerPoolSize", workerPoolSize, other.workerPoolSize);
        differ(conflicts, "maxPendingReports", maxPendingReports, other.maxPendingReports);
        differ(conflicts, "serverInstances", serverInstances, other.serverInstances);
        differ(conflicts, "maxConnections", maxConnections, other.maxConnections);
        differ(conflicts, "registrationTimeout", registrationTimeoutMillis, other.registrationTimeoutMillis);
        if (ssl != other.ssl) {
            conflicts.add("sslContextParameters");
        }
        conflicts.addAll(admission.conflictsWith(other.admission));
        return conflicts;
    }

    private static void differ(List<String> conflicts, String option, Object mine, Object theirs) {
        if (!Objects.equals(mine, theirs)) {
            conflicts.add(option + " " + mine + " vs " + theirs);
        }
    }
}
