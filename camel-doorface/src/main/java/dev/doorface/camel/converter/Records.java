package dev.doorface.camel.converter;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import dev.doorface.camel.queue.CommandState;

/**
 * Builds the model's records from fields named as the records (and the protocol) name them.
 */
final class Records {

    private Records() {
    }

    /**
     * user, userId (required), pwd, name, role, img (a photo in any form {@link Fields#photo} takes); photoSha256 is
     * read only without img, else computed from it.
     */
    static DoorUser user(Fields f) throws BadInput {
        String img = f.photo("img");
        String photoSha256 = img == null ? sha256(f, "photoSha256") : null;
        return new DoorUser(f.text("user"), f.required("userId"), f.text("pwd"), f.text("name"), f.text("role"), img,
                photoSha256);
    }

    static AccessEvent access(Fields f) throws BadInput {
        return new AccessEvent(f.required("sn"), f.required("eventId"), f.text("userId"), f.text("door"),
                f.photo("img"));
    }

    /** user is a nested object (or a DoorUser in a Map), as the record has it. */
    static UserAddedEvent userAdded(Fields f) throws BadInput {
        String sn = f.required("sn");
        String eventId = f.required("eventId");
        DoorUser user;
        if (f.raw("user") instanceof DoorUser given) {
            user = given;
        } else {
            Fields nested = f.object("user");
            if (nested == null) {
                throw new BadInput(f.name("user") + " is missing");
            }
            user = user(nested);
        }
        return new UserAddedEvent(sn, eventId, user);
    }

    static TerminalRegistered registered(Fields f) throws BadInput {
        return new TerminalRegistered(f.required("sn"), f.text("ip"), f.text("mac"), f.text("type"),
                f.text("remoteAddress"));
    }

    static HeartbeatEvent heartbeat(Fields f) throws BadInput {
        return new HeartbeatEvent(f.required("sn"), f.text("time"));
    }

    static TerminalDisconnected disconnected(Fields f) throws BadInput {
        return new TerminalDisconnected(f.required("sn"), f.text("reason"));
    }

    static CommandResultEvent commandResult(Fields f) throws BadInput {
        return new CommandResultEvent(f.required("sn"), f.required("commandId"), f.text("operation"),
                f.text("userId"), state(f), f.text("answerCode"), f.text("answerMessage"));
    }

    private static CommandState state(Fields f) throws BadInput {
        String text = f.required("state");
        try {
            return CommandState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInput(f.name("state") + " is not one of " + Arrays.toString(CommandState.values()));
        }
    }

    private static String sha256(Fields f, String name) throws BadInput {
        String text = f.text(name);
        if (text == null) {
            return null;
        }
        if (text.length() != 64 || !text.chars().allMatch(HexFormat::isHexDigit)) {
            throw new BadInput(f.name(name) + " is not 64 hexadecimal digits");
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
