package dev.doorface.camel.metrics;

import java.util.Locale;

import dev.doorface.camel.model.EventKind;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * A gateway's metrics as JMX attributes, registered through Camel's management (camel-management) as
 * {@code org.apache.camel:context=<name>,type=doorface,name="<host>:<port>"}.
 */
@ManagedResource(description = "Doorface gateway: terminals, connections, events and commands")
public final class ManagedGatewayMetrics {

    private final String address;
    private final GatewayMetrics metrics;

    public ManagedGatewayMetrics(String address, GatewayMetrics metrics) {
        this.address = address;
        this.metrics = metrics;
    }

    @ManagedAttribute(description = "Host and port the gateway listens on")
    public String getAddress() {
        return address;
    }

    @ManagedAttribute(description = "Terminals registered and connected now")
    public int getTerminalsOnline() {
        return metrics.terminalsOnline();
    }

    @ManagedAttribute(description = "WebSocket connections open now, registered or not")
    public int getConnections() {
        return metrics.connections();
    }

    @ManagedAttribute(description = "Reports answered 200 (every kind)")
    public long getEventsAcknowledged() {
        return metrics.events(EventOutcome.ACKNOWLEDGED);
    }

    @ManagedAttribute(description = "Events answered 500 because a route failed")
    public long getEventsFailed() {
        return metrics.events(EventOutcome.FAILED);
    }

    @ManagedAttribute(description = "Events answered 500 because no consumer takes their kind")
    public long getEventsUnhandled() {
        return metrics.events(EventOutcome.UNHANDLED);
    }

    @ManagedAttribute(description = "Registrations refused (malformed, or the terminal not admitted)")
    public long getRegistrationsRefused() {
        return metrics.events(EventOutcome.REFUSED);
    }

    @ManagedAttribute(description = "Access events answered 200")
    public long getAccessEventsAcknowledged() {
        return metrics.events(EventKind.ACCESS, EventOutcome.ACKNOWLEDGED);
    }

    @ManagedAttribute(description = "Access events answered 500 because a route failed")
    public long getAccessEventsFailed() {
        return metrics.events(EventKind.ACCESS, EventOutcome.FAILED);
    }

    @ManagedAttribute(description = "Commands the terminal answered with success")
    public long getCommandsOk() {
        return metrics.commands(CommandOutcome.OK);
    }

    @ManagedAttribute(description = "Commands the terminal answered with an error code")
    public long getCommandsTerminalError() {
        return metrics.commands(CommandOutcome.TERMINAL_ERROR);
    }

    @ManagedAttribute(description = "Commands not answered within their timeout")
    public long getCommandsTimedOut() {
        return metrics.commands(CommandOutcome.TIMEOUT);
    }

    @ManagedAttribute(description = "Commands whose terminal disconnected before answering")
    public long getCommandsDisconnected() {
        return metrics.commands(CommandOutcome.DISCONNECTED);
    }

    @ManagedAttribute(description = "Commands sent to a terminal that was not connected")
    public long getCommandsNotConnected() {
        return metrics.commands(CommandOutcome.NOT_CONNECTED);
    }

    @ManagedAttribute(description = "Commands answered (round trips measured)")
    public long getCommandRttCount() {
        return metrics.commandRtt().count();
    }

    @ManagedAttribute(description = "Mean milliseconds from writing a command to its answer")
    public double getCommandRttMeanMillis() {
        return metrics.commandRtt().meanMillis();
    }

    @ManagedAttribute(description = "Longest milliseconds from writing a command to its answer")
    public double getCommandRttMaxMillis() {
        return metrics.commandRtt().maxMillis();
    }

    @ManagedAttribute(description = "Reports answered (handling times measured)")
    public long getReportHandlingCount() {
        return metrics.reportHandling().count();
    }

    @ManagedAttribute(description = "Mean milliseconds from a report's arrival to its answer")
    public double getReportHandlingMeanMillis() {
        return metrics.reportHandling().meanMillis();
    }

    @ManagedAttribute(description = "Longest milliseconds from a report's arrival to its answer")
    public double getReportHandlingMaxMillis() {
        return metrics.reportHandling().maxMillis();
    }

    @ManagedOperation(description = "Reports of one kind (REGISTERED, ACCESS, USER_ADDED, HEARTBEAT) answered with"
                                     + " one outcome (acknowledged, failed, unhandled, refused)")
    public long eventCount(String kind, String outcome) {
        return metrics.events(EventKind.valueOf(kind.trim().toUpperCase(Locale.ROOT)),
                EventOutcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT)));
    }

    @ManagedOperation(description = "Commands of one operation (addUser, selectUser, ...) that ended with one outcome"
                                     + " (ok, terminal_error, timeout, disconnected, not_connected)")
    public long commandCount(String operation, String outcome) {
        GatewayMetrics.CommandMeters meters = metrics.commandsByOperation().get(operation.trim());
        return meters == null ? 0 : meters.count(CommandOutcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT)));
    }
}
