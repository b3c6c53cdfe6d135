package dev.doorface.camel.protocol;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.exception.TerminalErrorException;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;

/**
 * Turns a terminal's answer into what a producer returns: the users for selectUser, whether the face exists for
 * compareUser, the event for queryEvent, a {@link CommandResult} otherwise. An error code becomes a
 * {@link TerminalErrorException}.
 */
public final class AnswerReader {

    private AnswerReader() {
    }

    public static Object read(DoorfaceOperation operation, String sn, Answer answer) throws TerminalErrorException {
        String code = answer.code();
        JsonNode payload = answer.payload();
        switch (operation) {
            case selectUser -> {
                expect(operation, sn, answer);
                if (payload.isPojo() && ((POJONode) payload).getPojo() instanceof UserListStream.Users streamed) {
                    return streamed.users(); // read while it arrived
                }
                List<DoorUser> users = new ArrayList<>();
                if (payload.isArray()) {
                    payload.forEach(node -> users.add(FrameCodec.user(node)));
                } else if (payload.isObject()) {
                    users.add(FrameCodec.user(payload));
                }
                return users;
            }
            case compareUser -> {
                expect(operation, sn, answer);
                String exists = FrameCodec.text(payload, "exit");
                if (exists == null) {
                    exists = FrameCodec.text(payload, "exist");
                }
                if (exists == null) {
                    throw new TerminalErrorException(sn, answer.commandId(), code, "compare answer without exit");
                }
                return "1".equals(exists) || "true".equalsIgnoreCase(exists);
            }
            case queryEvent -> {
                expect(operation, sn, answer);
                try {
                    return FrameCodec.event(sn, payload);
                } catch (MalformedFrameException e) {
                    throw new TerminalErrorException(sn, answer.commandId(), code, "unreadable event: " + e.getMessage());
                }
            }
            default -> {
                expect(operation, sn, answer);
                return new CommandResult(sn, answer.commandId(), code, message(payload));
            }
        }
    }

    /**
     * Whether a terminal's answer code means success for this operation (as a command's name): its own success
     * code, or 200, which some terminals send for everything.
     */
    public static boolean isSuccess(String operation, String code) {
        if (FrameCodec.OK.equals(code)) {
            return true;
        }
        return switch (operation) {
            case "selectUser" -> "203".equals(code);
            case "compareUser" -> "204".equals(code);
            case "queryEvent" -> "208".equals(code);
            default -> false;
        };
    }

    private static void expect(DoorfaceOperation operation, String sn, Answer answer) throws TerminalErrorException {
        if (!isSuccess(operation.name(), answer.code())) {
            throw new TerminalErrorException(sn, answer.commandId(), answer.code(), message(answer.payload()));
        }
    }

    private static String message(JsonNode payload) {
        if (payload == null || payload.isMissingNode() || payload.isNull()) {
            return "";
        }
        // the terminal's own text reaches exception messages and logs: masked and cut like any frame text
        return LogMask.frame(payload.isValueNode() ? payload.asText() : payload.toString());
    }
}
