package dev.doorface.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.DoorfaceProducer;
import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.ReconcileRunningException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.QueuedCommandResult;
import dev.doorface.camel.model.TerminalResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small pieces of Java behind the REST routes: turning a request into a command (path variables, JSON body),
 * a command's result into the response, and an exception into its HTTP status. Request bodies carry passwords and
 * photos: they are never logged, and neither are the parser's messages about them.
 */
public final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Exchange property: the request cancels a queued command (a refused cancel is then 409, not 400). */
    static final String CANCELLING = "apiCancelling";

    private Api() {
    }

    /**
     * Prepares the exchange for the doorface producer: the operation and terminal headers, and the body the command
     * is built from. The terminal is the {sn} path variable, or every registered terminal.
     */
    static void command(Exchange exchange, DoorfaceOperation operation, boolean everyTerminal) {
        Message in = exchange.getMessage();
        String sn = in.getHeader("sn", String.class);
        String userId = in.getHeader("userId", String.class);
        String eventId = in.getHeader("eventid", String.class);
        if (!everyTerminal) {
            TerminalSn.requireOne(sn);
        }
        Object body = switch (operation) {
            case addUser, compareUser -> withValidFields(jsonObject(in));
            case editUser -> {
                Map<String, Object> user = withValidFields(jsonObject(in));
                user.put("userId", userId);
                yield user;
            }
            case deleteUser -> Map.of("userId", userId);
            case selectUser -> userId == null || userId.isBlank() ? null : Map.of("userId", userId);
            case queryEvent -> Map.of("eventid", eventId);
            // handled by the gateway's command store, never built from a request here
            case listCommands, cancelCommand, reconcile -> throw new IllegalArgumentException(operation + " is not a terminal command");
        };
        // whatever a client sent: only the gateway chooses operation and terminal
        in.removeHeaders("CamelDoorface*");
        in.setHeader(DoorfaceConstants.OPERATION, operation);
        in.setHeader(DoorfaceConstants.DEVICE_SN, everyTerminal ? DoorfaceProducer.ALL_TERMINALS : sn);
        in.setBody(body);
    }

    /** POST /api/devices/{sn}/reconcile: the terminal of the path, nothing from the request but {sn}. */
    static void reconcile(Exchange exchange) {
        Message in = exchange.getMessage();
        String sn = TerminalSn.requireOne(in.getHeader("sn", String.class));
        in.removeHeaders("CamelDoorface*");
        in.setHeader(DoorfaceConstants.OPERATION, DoorfaceOperation.reconcile);
        in.setHeader(DoorfaceConstants.DEVICE_SN, sn);
        in.setBody(null);
    }

    /** The request body as a JSON object, or 400. */
    static Map<String, Object> jsonObject(Message in) {
        String text = in.getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new BadRequestException("the request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the body (a password): tell where, not what
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BadRequestException("the request body is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("the request body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.convertValue(node, LinkedHashMap.class);
        return map;
    }

    /** The fields of a user body; each, when present, is a JSON string (protocol section 4.1). */
    static final List<String> USER_FIELDS = List.of("user", "userId", "pwd", "name", "role", "img");

    /**
     * A body whose user fields, when present, are strings and whose {@code img} is a base64 image, or 400: a
     * terminal is not sent what it cannot read.
     */
    static Map<String, Object> withValidFields(Map<String, Object> body) {
        for (String field : USER_FIELDS) {
            if (body.containsKey(field) && !(body.get(field) instanceof String)) {
                throw new BadRequestException(field + " must be a JSON string");
            }
        }
        if (body.containsKey("img")
            && !(body.get("img") instanceof String img && Images.decode(img) != null)) {
            throw new BadRequestException("img must be a JPEG encoded as base64");
        }
        return body;
    }

    /**
     * One entry per terminal of a command sent to every terminal: sn, ok, queued, commandId, code, message. A terminal
     * offline whose command was queued is {@code ok: true, queued: true} with the id of the stored command.
     */
    static void terminalResults(Exchange exchange) {
        List<?> results = exchange.getMessage().getBody(List.class);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : results) {
            TerminalResult r = (TerminalResult) o;
            if (r.result() instanceof QueuedCommandResult q) {
                out.add(queued(q));
            } else {
                String commandId = r.result() instanceof CommandResult c ? c.commandId() : null;
                out.add(result(r.sn(), r.ok(), false, commandId, r.code(), r.message()));
            }
        }
        exchange.getMessage().setBody(out);
    }

    /**
     * The answer of one terminal to addUser, editUser or deleteUser (200), or the command queued for it while it is
     * offline (202).
     */
    static void commandResult(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof QueuedCommandResult q) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            exchange.getMessage().setBody(queued(q));
            return;
        }
        CommandResult r = exchange.getMessage().getBody(CommandResult.class);
        exchange.getMessage().setBody(result(r.sn(), true, false, r.commandId(), r.code(), r.data()));
    }

    private static Map<String, Object> queued(QueuedCommandResult q) {
        return result(q.sn(), true, true, q.commandId(), null, DoorfaceProducer.QUEUED);
    }

    static void compareResult(Exchange exchange) {
        exchange.getMessage().setBody(Map.of("exists", exchange.getMessage().getBody(Boolean.class)));
    }

    private static Map<String, Object> result(String sn, boolean ok, boolean queued, String commandId, String code,
                                              String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sn", sn);
        m.put("ok", ok);
        m.put("queued", queued);
        m.put("commandId", commandId);
        m.put("code", code);
        m.put("message", message == null ? "" : message);
        return m;
    }

    /** Only what the response needs: no request header, no internal header goes back to the client. */
    static void response(Exchange exchange) {
        Message in = exchange.getMessage();
        Object status = in.getHeader(Exchange.HTTP_RESPONSE_CODE);
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status == null ? 200 : status);
    }

    /** Maps a failure to its status and a JSON body {status, error, ...}. Never logs bodies. */
    static void error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = find(e);
        int status;
        Map<String, Object> body = new LinkedHashMap<>();
        if (cause instanceof ApiStatusException s) {
            status = s.status();
        } else if (cause instanceof InvalidCommandException && exchange.getProperty(CANCELLING, false, Boolean.class)) {
            // sent (or cancelled) between the listing and the cancel
            status = 409;
        } else if (cause instanceof ReconcileRunningException) {
            status = 409;
        } else if (cause instanceof BadRequestException || cause instanceof InvalidCommandException) {
            status = 400;
        } else if (cause instanceof TerminalNotConnectedException) {
            status = 404;
        } else if (cause instanceof TerminalErrorException t) {
            status = 502;
            body.put("code", t.getCode());
            body.put("terminalMessage", t.getTerminalMessage());
        } else if (cause instanceof CommandTimeoutException) {
            status = 504;
        } else if (cause instanceof TerminalDisconnectedException) {
            status = 503;
        } else {
            status = 500;
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (status == 500) {
            LOG.error("{} {} failed", method, path, e);
        } else {
            LOG.warn("{} {} answered {}: {}", method, path, status, cause.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("error", status == 500 ? "internal error: " + cause.getClass().getSimpleName() : cause.getMessage());
        out.putAll(body);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(out);
    }

    private static Throwable find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadRequestException || t instanceof ApiStatusException
                || t instanceof dev.doorface.camel.exception.DoorfaceException) {
                return t;
            }
        }
        return e;
    }
}
