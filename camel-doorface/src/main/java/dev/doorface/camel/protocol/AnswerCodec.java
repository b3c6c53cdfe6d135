package dev.doorface.camel.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.doorface.camel.model.DoorUser;

/**
 * An answer as bytes, to cross from the node holding a terminal to the node that sent the command, and back into the
 * same {@link Answer}: a user list read while it arrived stays one (with each photo's hash, even when the photos were
 * left out), so the producer on the other node returns what it would have returned here.
 */
public final class AnswerCodec {

    private static final String USERS = "users";

    private AnswerCodec() {
    }

    public static byte[] encode(Answer answer) {
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        root.put("commandId", answer.commandId());
        root.put("code", answer.code());
        JsonNode payload = answer.payload();
        if (payload != null && payload.isPojo()
                && ((POJONode) payload).getPojo() instanceof UserListStream.Users streamed) {
            root.set(USERS, FrameCodec.mapper().valueToTree(streamed.users()));
        } else if (payload != null && !payload.isMissingNode()) {
            root.set("payload", payload);
        }
        try {
            return FrameCodec.mapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the answer to " + answer.commandId(), e);
        }
    }

    /** @throws MalformedFrameException when the bytes are no answer encoded here */
    public static Answer decode(byte[] bytes) throws MalformedFrameException {
        JsonNode root;
        try {
            root = FrameCodec.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new MalformedFrameException("unreadable answer from another node: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("code").isTextual()) {
            throw new MalformedFrameException("answer from another node without a code");
        }
        JsonNode payload;
        if (root.has(USERS)) {
            List<DoorUser> users = new ArrayList<>();
            for (JsonNode user : root.get(USERS)) {
                users.add(new DoorUser(FrameCodec.text(user, "user"), FrameCodec.text(user, "userId"),
                        FrameCodec.text(user, "pwd"), FrameCodec.text(user, "name"), FrameCodec.text(user, "role"),
                        FrameCodec.text(user, "img"), FrameCodec.text(user, "photoSha256")));
            }
            payload = new POJONode(new UserListStream.Users(users));
        } else {
            payload = root.has("payload") ? root.get("payload") : MissingNode.getInstance();
        }
        return new Answer(root.path("commandId").asText(null), root.get("code").asText(), payload);
    }
}
