package dev.doorface.camel.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.doorface.camel.model.DoorUser;

/**
 * The difference between the users a terminal holds and those it should hold, by userId.
 * <p>
 * A held user is edited when user, name or role differ, when the photos differ (compared by the SHA-256 of the decoded
 * bytes, so neither side needs the other's photo), or when the passwords differ and the terminal returned its
 * password: many terminals never send pwd back, and a password that cannot be read cannot be compared (a changed
 * password of such a terminal is not detected). A field the desired user leaves null is not compared: it is left as
 * the terminal has it.
 *
 * @param deletes   userIds held but not desired, in the terminal's order
 * @param edits     desired users held with a difference, in the desired order
 * @param adds      desired users not held, in the desired order
 * @param unchanged how many desired users the terminal already holds as desired
 */
public record UserDiff(List<String> deletes, List<DoorUser> edits, List<DoorUser> adds, int unchanged) {

    public static UserDiff between(Collection<DoorUser> held, Collection<DoorUser> desired) {
        Map<String, DoorUser> heldById = new LinkedHashMap<>();
        for (DoorUser user : held) {
            if (user.userId() != null) {
                heldById.putIfAbsent(user.userId(), user);
            }
        }
        Map<String, DoorUser> desiredById = new LinkedHashMap<>();
        desired.forEach(user -> desiredById.put(user.userId(), user));

        List<String> deletes = new ArrayList<>();
        heldById.keySet().stream().filter(id -> !desiredById.containsKey(id)).forEach(deletes::add);
        List<DoorUser> edits = new ArrayList<>();
        List<DoorUser> adds = new ArrayList<>();
        int unchanged = 0;
        for (DoorUser want : desiredById.values()) {
            DoorUser has = heldById.get(want.userId());
            if (has == null) {
                adds.add(want);
            } else if (differs(has, want)) {
                edits.add(want);
            } else {
                unchanged++;
            }
        }
        return new UserDiff(deletes, edits, adds, unchanged);
    }

    static boolean differs(DoorUser has, DoorUser want) {
        return differs(has.user(), want.user())
               || differs(has.name(), want.name())
               || differs(has.role(), want.role())
               || has.pwd() != null && differs(has.pwd(), want.pwd())
               || differs(has.photoSha256(), want.photoSha256());
    }

    /** A desired value of null means "as the terminal has it". */
    private static boolean differs(String has, String want) {
        return want != null && !Objects.equals(has, want);
    }
}
