package dev.doorface.camel.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.protocol.FrameCodec;

/**
 * Reads the body of a reconcile: the users a terminal should hold, as a collection or array of DoorUser or of Maps with
 * the six user fields (img as base64 text or as bytes), or a JSON array. Checked whole before anything is sent: every
 * user needs a userId, and no userId may appear twice.
 */
public final class DesiredUsers {

    private DesiredUsers() {
    }

    public static List<DoorUser> read(String sn, Object body) throws InvalidCommandException {
        Collection<?> items = items(sn, body);
        List<DoorUser> users = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (Object item : items) {
            DoorUser user = user(sn, item, index);
            if (user.userId() == null || user.userId().isBlank()) {
                throw new InvalidCommandException(sn, "reconcile: desired user #" + index + " has no userId");
            }
            if (!seen.add(user.userId())) {
                throw new InvalidCommandException(sn, "reconcile: userId " + user.userId() + " is desired twice");
            }
            users.add(user);
            index++;
        }
        return users;
    }

    private static Collection<?> items(String sn, Object body) throws InvalidCommandException {
        if (body instanceof Collection<?> collection) {
            return collection;
        }
        if (body instanceof Object[] array) {
            return List.of(array);
        }
        if (body instanceof CharSequence || body instanceof byte[]) {
            String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    : body.toString();
            try {
                JsonNode node = FrameCodec.mapper().readTree(text);
                if (node != null && node.isArray()) {
                    List<JsonNode> nodes = new ArrayList<>();
                    node.forEach(nodes::add);
                    return nodes;
                }
                throw new InvalidCommandException(sn, "reconcile needs a list of the users the terminal should hold;"
                                                      + " the body's JSON is not an array");
            } catch (JsonProcessingException e) {
                // no detail: Jackson's message quotes the body's tokens, which may be a password
                throw new InvalidCommandException(sn, "reconcile needs a list of the users the terminal should hold;"
                                                      + " the body is not valid JSON");
            }
        }
        throw new InvalidCommandException(sn, "reconcile needs a list of the users the terminal should hold (DoorUser"
                                              + " or Map), not " + (body == null ? "no body" : body.getClass().getName()));
    }

    private static DoorUser user(String sn, Object item, int index) throws InvalidCommandException {
        DoorUser user = item instanceof DoorUser given
                // the hash is computed from the photo sent, never taken as given: a stale hash must not hide a change,
                // and a hash without a photo could not be acted on
                ? new DoorUser(given.user(), given.userId(), given.pwd(), given.name(), given.role(), given.img())
                : FrameCodec.user(node(sn, item, index));
        if (user.img() != null && Images.decode(user.img()) == null) {
            throw new InvalidCommandException(sn, "reconcile: the photo of desired user " + user.userId()
                                                  + " is not valid base64");
        }
        return user;
    }

    private static JsonNode node(String sn, Object item, int index) throws InvalidCommandException {
        JsonNode node;
        try {
            node = item instanceof JsonNode json ? json : FrameCodec.mapper().valueToTree(item);
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(sn, "reconcile: desired user #" + index + " of type "
                                                  + (item == null ? "null" : item.getClass().getName())
                                                  + " cannot be read");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidCommandException(sn, "reconcile: desired user #" + index + " is not an object");
        }
        return node;
    }
}
