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
                expect(sn, answer, "203");
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
                expect(sn, answer, "204");
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
                expect(sn, answer, "208");
                try {
                    return FrameCodec.event(sn, payload);
                } catch (MalformedFrameException e) {
                    throw new TerminalErrorException(sn, answer.commandId(), code, "unreadable event: " + e.getMessage());
                }
            }
            default -> {
                expect(sn, answer, FrameCodec.OK);
                return new CommandResult(sn, answer.commandId(), code, message(payload));
            }
        }
    }

    /** The expected success code, or 200 which some terminals may send for everything. */
    private static void expect(String sn, Answer answer, String success) throws TerminalErrorException {
        if (!success.equals(answer.code()) && !FrameCodec.OK.equals(answer.code())) {
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
