package dev.doorface.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.queue.CommandState;
import dev.doorface.camel.queue.QueuedCommand;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * GET /api/devices/{sn}/commands and DELETE /api/devices/{sn}/commands/{commandId}: the commands stored for a
 * terminal (commands.whenOffline=queue) with their states, and cancelling one that is still queued.
 */
final class ApiCommands {

    private ApiCommands() {
    }

    /** listCommands for the terminal {sn}. */
    static void listRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        String sn = TerminalSn.requireOne(in.getHeader("sn", String.class));
        exchange.setProperty("sn", sn);
        exchange.setProperty("commandId", in.getHeader("commandId", String.class));
        in.removeHeaders("CamelDoorface*");
        in.setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.listCommands);
        in.setHeader(DoorfaceConstants.DEVICE_SN, sn);
        in.setBody(null);
    }

    /**
     * cancelCommand for {commandId}, which must be one of the terminal's commands (404) and still queued (409). A
     * command sent meanwhile makes the cancel itself fail: also 409 (see {@link Api#error}).
     */
    static void cancelRequest(Exchange exchange) {
        String sn = exchange.getProperty("sn", String.class);
        String id = exchange.getProperty("commandId", String.class);
        QueuedCommand command = commands(exchange).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiStatusException(404, "terminal " + sn + " has no command " + id));
        if (command.state() != CommandState.QUEUED) {
            throw new ApiStatusException(409, "command " + id + " is " + state(command.state())
                                              + ": only a queued command can be cancelled");
        }
        exchange.setProperty(Api.CANCELLING, true);
        Message in = exchange.getMessage();
        in.setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.cancelCommand);
        in.setHeader(DoorfaceConstants.COMMAND_ID, id);
        in.setBody(id);
    }

    /** The listed commands as JSON rows, oldest first. */
    static void rows(Exchange exchange) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (QueuedCommand c : commands(exchange)) {
            out.add(row(c));
        }
        exchange.getMessage().setBody(out);
    }

    /** The cancelled command as one JSON row. */
    static void row(Exchange exchange) {
        exchange.getMessage().setBody(row(exchange.getMessage().getBody(QueuedCommand.class)));
    }

    @SuppressWarnings("unchecked")
    private static List<QueuedCommand> commands(Exchange exchange) {
        return (List<QueuedCommand>) exchange.getMessage().getBody(List.class);
    }

    static Map<String, Object> row(QueuedCommand c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("sn", c.sn());
        m.put("operation", c.operation());
        m.put("userId", c.userId());
        m.put("state", state(c.state()));
        m.put("attempts", c.attempts());
        m.put("answerCode", c.answerCode());
        m.put("answerMessage", c.answerMessage());
        m.put("createdAt", IsoTimestamps.iso(Instant.ofEpochMilli(c.createdAt())));
        m.put("expiresAt", c.expiresAt() == Long.MAX_VALUE ? null : IsoTimestamps.iso(Instant.ofEpochMilli(c.expiresAt())));
        return m;
    }

    /** queued, sent, succeeded, failed, expired or cancelled. */
    static String state(CommandState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
